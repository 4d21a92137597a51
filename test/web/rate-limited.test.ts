// The answer to a request over its rate limit: 429, Retry-After, a French page; the handler
// goes on while the limit allows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { enforceRateLimit } from '../../src/web/rate-limited.ts';
import { rateLimitKey } from '../../src/platform/rate-limit.ts';
import { openTestDb } from '../support/test-db.ts';

test('over the limit: 429, Retry-After and « Trop de tentatives » in French; the handler stops', async () => {
  const db = await openTestDb();
  const app = Fastify();
  let handled = 0;
  app.post('/connexion', async (_request, reply) => {
    const rules = [
      { key: rateLimitKey('test:login:email', 'camille@exemple.fr'), limit: 2, windowSeconds: 900 },
      { key: rateLimitKey('test:login:ip', '203.0.113.7'), limit: 10, windowSeconds: 60 },
    ];
    if (!(await enforceRateLimit(db, reply, rules))) return reply;
    handled++;
    return 'ok';
  });
  try {
    for (let i = 0; i < 2; i++) {
      const ok = await app.inject({ method: 'POST', url: '/connexion' });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.body, 'ok');
    }
    const refused = await app.inject({ method: 'POST', url: '/connexion' });
    assert.equal(refused.statusCode, 429);
    assert.equal(handled, 2, 'the refused request did nothing');
    assert.equal(refused.headers['content-type'], 'text/html; charset=utf-8');
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 900, String(refused.headers['retry-after']));
    const minutes = Math.ceil(retryAfter / 60);
    assert.match(refused.body, /<html lang="fr">/);
    assert.ok(
      refused.body.includes(`Trop de tentatives. Réessayez dans ${minutes} ${minutes > 1 ? 'minutes' : 'minute'}.`),
      refused.body,
    );
    assert.doesNotMatch(refused.body, /camille|203\.0\.113\.7/, 'nothing of the person on the page');
  } finally {
    await app.close();
    await db.close();
  }
});
