// Owns the answer to a request over its rate limit: 429, Retry-After and a French page.
// The counting itself is src/platform/rate-limit.ts (in the database, decision 016).
import type { FastifyReply } from 'fastify';
import type { Queryable } from '../platform/db.ts';
import { hitRateLimit, type RateLimitRule } from '../platform/rate-limit.ts';
import { html } from './html.ts';
import { page, sendPage } from './layout.ts';

/**
 * Counts one hit on each rule (e.g. the e-mail address and the IP of a login). When one refuses,
 * sends 429 with Retry-After (the longest wait) and the French page, and returns false: the
 * handler then returns the reply without doing anything else.
 */
export async function enforceRateLimit(db: Queryable, reply: FastifyReply, rule: RateLimitRule | RateLimitRule[]): Promise<boolean> {
  const results = await Promise.all([rule].flat().map((r) => hitRateLimit(db, r)));
  const refused = results.filter((r) => !r.allowed);
  if (refused.length === 0) return true;
  const seconds = Math.max(...refused.map((r) => r.retryAfterSeconds));
  const minutes = Math.ceil(seconds / 60);
  reply.header('Retry-After', String(seconds));
  sendPage(
    reply,
    page({
      title: 'Trop de tentatives',
      head: html`<meta name="robots" content="noindex">`,
      main: html`<h1>Trop de tentatives</h1>
<p>Trop de tentatives. Réessayez dans ${minutes} ${minutes > 1 ? 'minutes' : 'minute'}.</p>
<p>Vous pouvez aussi <a href="/">revenir à l’accueil</a>.</p>`,
    }),
    429,
  );
  return false;
}
