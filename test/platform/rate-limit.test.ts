// Rate limiting in the database (decision 016): fixed windows, one atomic statement per hit, one
// counter shared by every connection and process, opaque keys, purge of old windows. Runs on
// PGlite, and on PostgreSQL with TEST_DATABASE_URL (where two separate pools play two processes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/platform/db.ts';
import { openDb } from '../../src/platform/db.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { hitRateLimit, purgeRateLimits, rateLimitKey } from '../../src/platform/rate-limit.ts';
import { openTestDb, testDatabaseUrl } from '../support/test-db.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(async () => {
  await db.close();
});

// A 60-second window aligned on the epoch starts at every whole minute.
const WINDOW_START = new Date('2031-03-04T10:00:00Z');
const at = (seconds: number) => new Date(WINDOW_START.getTime() + seconds * 1000);
const rule = (key: string, now: Date) => ({ key, limit: 3, windowSeconds: 60, now, purgeChance: 0 });

test('a limit of N allows exactly N hits in a window, counting down, then refuses until the window ends', async () => {
  const results = [];
  for (let i = 0; i < 5; i++) results.push(await hitRateLimit(db, rule('t:countdown', at(15))));
  assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false, false]);
  assert.deepEqual(results.map((r) => r.remaining), [2, 1, 0, 0, 0]);
  assert.deepEqual(results.map((r) => r.retryAfterSeconds), [45, 45, 45, 45, 45], 'the rest of the window');
  const late = await hitRateLimit(db, rule('t:countdown', new Date(at(59).getTime() + 500)));
  assert.equal(late.allowed, false, 'still the same window');
  assert.equal(late.retryAfterSeconds, 1, 'half a second left, rounded up');
});

test('a new window starts a new count', async () => {
  for (let i = 0; i < 4; i++) await hitRateLimit(db, rule('t:reset', at(10)));
  assert.equal((await hitRateLimit(db, rule('t:reset', at(50)))).allowed, false);
  const next = await hitRateLimit(db, rule('t:reset', at(60)));
  assert.deepEqual(next, { allowed: true, remaining: 2, retryAfterSeconds: 60 });
});

test('different keys are counted apart', async () => {
  for (let i = 0; i < 3; i++) await hitRateLimit(db, rule('t:apart:a', at(0)));
  assert.equal((await hitRateLimit(db, rule('t:apart:a', at(0)))).allowed, false);
  assert.deepEqual(await hitRateLimit(db, rule('t:apart:b', at(0))), { allowed: true, remaining: 2, retryAfterSeconds: 60 });
});

test('without `now`, the window comes from the database clock', async () => {
  const first = await hitRateLimit(db, { key: 't:db-clock', limit: 2, windowSeconds: 3600, purgeChance: 0 });
  assert.equal(first.allowed, true);
  assert.ok(first.retryAfterSeconds >= 1 && first.retryAfterSeconds <= 3600, String(first.retryAfterSeconds));
  const [row] = await db.query<{ hits: number; ok: boolean }>(
    `SELECT hits, window_start <= now() AND window_start > now() - interval '1 hour' AS ok FROM rate_limits WHERE key = 't:db-clock'`,
  );
  assert.deepEqual(row, { hits: 1, ok: true });
});

test('50 concurrent hits on one key with a limit of 20: exactly 20 are allowed', async () => {
  const results = await Promise.all(
    Array.from({ length: 50 }, () => hitRateLimit(db, { key: 't:concurrent', limit: 20, windowSeconds: 60, now: at(5), purgeChance: 0 })),
  );
  assert.equal(results.filter((r) => r.allowed).length, 20);
  assert.deepEqual(results.map((r) => r.remaining).sort((a, b) => a - b).slice(-20), Array.from({ length: 20 }, (_, i) => i), 'each count seen once');
  const [row] = await db.query<{ hits: number }>(`SELECT hits FROM rate_limits WHERE key = 't:concurrent'`);
  assert.equal(row!.hits, 50, 'every hit counted');
});

test('two processes (two separate connection pools) share one counter', { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' }, async () => {
  const schema = `test_rl_${process.pid}_${randomBytes(4).toString('hex')}`;
  const one = await openDb({ backend: 'postgres', url: testDatabaseUrl!, schema, maxConnections: 5 });
  const two = await openDb({ backend: 'postgres', url: testDatabaseUrl!, schema, maxConnections: 5 });
  try {
    await migrate(one);
    const hit = (handle: Db) => hitRateLimit(handle, { key: 't:processes', limit: 20, windowSeconds: 60, now: at(5), purgeChance: 0 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => hit(i % 2 === 0 ? one : two)));
    assert.equal(results.filter((r) => r.allowed).length, 20);
    const [row] = await two.query<{ hits: number }>(`SELECT hits FROM rate_limits WHERE key = 't:processes'`);
    assert.equal(row!.hits, 30);
    assert.equal((await hit(one)).allowed, false);
  } finally {
    await one.close();
    await two.close();
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
});

test('keys never contain the raw value: SHA-256 in hex after the kind', async () => {
  const email = 'camille.dupont@exemple.fr';
  const key = rateLimitKey('login:email', email);
  assert.equal(key, 'login:email:' + createHash('sha256').update(email).digest('hex'));
  assert.match(key, /^login:email:[0-9a-f]{64}$/);
  assert.ok(!key.includes('camille') && !key.includes('exemple'));
  assert.equal(rateLimitKey('login:email', email), key, 'stable');
  assert.notEqual(rateLimitKey('login:ip', email), key, 'the kind is part of the key');
  const ipKey = rateLimitKey('login:ip', '203.0.113.7');
  assert.match(ipKey, /^login:ip:[0-9a-f]{64}$/);
  assert.ok(!ipKey.includes('203.0.113.7'));
  await hitRateLimit(db, rule(key, at(0)));
  const rows = await db.query<{ key: string }>(`SELECT key FROM rate_limits WHERE key LIKE 'login:%'`);
  assert.deepEqual(rows.map((r) => r.key), [key]);
  assert.throws(() => rateLimitKey('', email), RangeError);
});

test('purge removes only the windows that started before the given instant', async () => {
  const old = new Date('2031-03-01T10:00:00Z');
  await hitRateLimit(db, rule('t:purge:old', old));
  await hitRateLimit(db, rule('t:purge:old', at(0)));
  await hitRateLimit(db, rule('t:purge:recent', at(0)));
  const deleted = await purgeRateLimits(db, new Date('2031-03-04T00:00:00Z'));
  assert.ok(deleted >= 1);
  const rows = await db.query<{ key: string; window_start: Date }>(
    `SELECT key, window_start FROM rate_limits WHERE key LIKE 't:purge:%' ORDER BY key, window_start`,
  );
  assert.deepEqual(
    rows.map((r) => [r.key, new Date(r.window_start).toISOString()]),
    [['t:purge:old', WINDOW_START.toISOString()], ['t:purge:recent', WINDOW_START.toISOString()]],
  );
  assert.equal(await purgeRateLimits(db, new Date('2031-03-04T00:00:00Z')), 0, 'nothing left to purge');
});

test('the opportunistic purge, when it runs, deletes only windows over a day old', async () => {
  await hitRateLimit(db, rule('t:auto:old', new Date('2031-02-01T00:00:00Z')));
  await hitRateLimit(db, rule('t:auto:hour', new Date(WINDOW_START.getTime() - 3600_000)));
  await hitRateLimit(db, { ...rule('t:auto:now', at(0)), purgeChance: 1 });
  const keys = (await db.query<{ key: string }>(`SELECT key FROM rate_limits WHERE key LIKE 't:auto:%' ORDER BY key`)).map((r) => r.key);
  assert.deepEqual(keys, ['t:auto:hour', 't:auto:now']);
});

test('rules out of range are refused', async () => {
  await assert.rejects(hitRateLimit(db, { key: 't:bad', limit: 1, windowSeconds: 0 }), RangeError);
  await assert.rejects(hitRateLimit(db, { key: 't:bad', limit: 1, windowSeconds: 86_401 }), RangeError);
  await assert.rejects(hitRateLimit(db, { key: 't:bad', limit: -1, windowSeconds: 60 }), RangeError);
});
