// Owns the HTTP server: registers the route table, CORS for reading, problem+json errors.
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { Db } from '../platform/db.ts';
import { routes } from './routes.ts';
import { openApiDocument } from './openapi.ts';
import { sendProblem } from './problem.ts';

export async function buildServer(db: Db, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  });
  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'] });

  app.setErrorHandler((error: { validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string; statusCode?: number; message: string }, request, reply) => {
    if (error.validation) {
      const errors = error.validation.map((v) => ({
        parameter: v.instancePath.replace(/^\//, '').split('/')[0] || String(v.params?.missingProperty ?? v.params?.additionalProperty ?? ''),
        reason: v.message ?? 'invalide',
      }));
      return sendProblem(reply, { status: 400, title: 'Paramètres invalides', detail: errors.map((e) => `${e.parameter} : ${e.reason}`).join(' ; '), errors });
    }
    request.log.error(error);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return sendProblem(reply, { status, title: status === 500 ? 'Erreur interne' : error.message });
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, { status: 404, title: 'Page introuvable', detail: `Rien à l'adresse ${request.url}.` }));

  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      schema: { ...(route.querystring && { querystring: route.querystring }), ...(route.params && { params: route.params }) },
      handler: (request, reply) => route.handler(db, request, reply),
    });
  }
  const document = openApiDocument(routes, '0.1.0');
  app.get('/api/v1/openapi.json', async () => document);
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(homePage()));
  return app;
}

function homePage(): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Passerelle</title></head><body><main><h1>Passerelle</h1>
<p>Le référentiel des lieux d'inclusion numérique. L'interface de recherche arrive bientôt.</p>
<ul><li><a href="/api/v1/lieux">Les lieux (API JSON)</a></li><li><a href="/api/v1/openapi.json">Documentation de l'API (OpenAPI)</a></li></ul>
</main></body></html>`;
}
