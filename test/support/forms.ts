// Posting a page's form over app.inject as a browser would: the CSRF token of the form and the
// cookie that goes with it are read from the page first (src/web/csrf.ts).
import type { FastifyInstance } from 'fastify';

export type FormCredentials = { token: string; cookie: string };

export async function formCredentials(app: FastifyInstance, pageUrl: string): Promise<FormCredentials> {
  const page = await app.inject({ method: 'GET', url: pageUrl });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`No CSRF field on ${pageUrl} (status ${page.statusCode})`);
  const cookie = [page.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  return { token, cookie };
}

export function postForm(app: FastifyInstance, url: string, pairs: string[][] | Record<string, string>, credentials?: FormCredentials) {
  const params = new URLSearchParams(pairs);
  if (credentials) params.set('_csrf', credentials.token);
  return app.inject({
    method: 'POST', url, payload: params.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(credentials && { cookie: credentials.cookie }) },
  });
}
