// Accounts, one-time sign-in links and sessions in the database (both backends): links work once
// and for 15 minutes, only hashes are stored, two consumptions at once sign in once, sessions
// are shared by every process reading the table, signing out everywhere and deleting an
// account leave nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/platform/db.ts';
import { openTestDb } from '../support/test-db.ts';
import { consumeLoginToken, createLoginToken, sha256 } from '../../src/comptes/login-links.ts';
import { closeAllSessions, closeSession, openSession, readSession } from '../../src/comptes/sessions.ts';
import { deleteUser, findUserByEmail, setRole, userForEmail } from '../../src/comptes/users.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(async () => db?.close());

test('a sign-in link works once, for its address; the table holds only its hash', async () => {
  const token = await createLoginToken(db, '  Claire.Martin@Mairie-Echirolles.FR ');
  assert.match(token, /^[A-Za-z0-9_-]{43}$/, '256 random bits, URL-safe');
  const rows = await db.query<{ token_hash: string; email: string }>('SELECT token_hash, email FROM login_tokens');
  assert.deepEqual(rows, [{ token_hash: sha256(token), email: 'claire.martin@mairie-echirolles.fr' }]);
  assert.deepEqual(await consumeLoginToken(db, token), { email: 'claire.martin@mairie-echirolles.fr' });
  assert.deepEqual(await consumeLoginToken(db, token), { problem: 'used' });
  assert.deepEqual(await consumeLoginToken(db, 'not-a-token'), { problem: 'unknown' });
});

test('a link older than 15 minutes is refused as expired', async () => {
  const token = await createLoginToken(db, 'ancien@exemple.fr');
  await db.query("UPDATE login_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [sha256(token)]);
  assert.deepEqual(await consumeLoginToken(db, token), { problem: 'expired' });
  const fresh = await createLoginToken(db, 'neuf@exemple.fr');
  const [row] = await db.query<{ minutes: number }>('SELECT round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes FROM login_tokens WHERE token_hash = $1', [sha256(fresh)]);
  assert.equal(row?.minutes, 15);
});

test('two uses of the same link at once: exactly one signs in', async () => {
  const token = await createLoginToken(db, 'double@exemple.fr');
  const results = await Promise.all([consumeLoginToken(db, token), consumeLoginToken(db, token), consumeLoginToken(db, token)]);
  assert.equal(results.filter((r) => 'email' in r).length, 1);
});

test('the first sign-in creates a manager account; the same address in other case is the same account', async () => {
  const first = await userForEmail(db, 'Responsable@Exemple.fr');
  assert.equal(first.role, 'manager');
  assert.deepEqual(first.territories, []);
  const again = await userForEmail(db, 'responsable@exemple.fr');
  assert.equal(again.id, first.id);
});

test('sessions: only a hash is stored, reading checks expiry, signing out here or everywhere', async () => {
  const user = await userForEmail(db, 'sessions@exemple.fr');
  const phone = await openSession(db, user.id);
  const office = await openSession(db, user.id);
  const [stored] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE id_hash = $1', [phone]);
  assert.equal(stored?.n, 0, 'the secret itself is not in the table');
  const session = await readSession(db, phone);
  assert.equal(session?.user.email, 'sessions@exemple.fr');
  assert.match(session!.csrf, /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual((await readSession(db, office))!.csrf, session!.csrf, 'each session has its own CSRF token');
  await closeSession(db, phone);
  assert.equal(await readSession(db, phone), undefined);
  assert.ok(await readSession(db, office));
  const third = await openSession(db, user.id);
  assert.equal(await closeAllSessions(db, user.id), 2);
  assert.equal(await readSession(db, office), undefined);
  assert.equal(await readSession(db, third), undefined);
  const old = await openSession(db, user.id);
  await db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1", [sha256(old)]);
  assert.equal(await readSession(db, old), undefined, 'an expired session opens nothing');
});

test('deleting an account deletes its sessions and territories, and nothing else', async () => {
  const user = await userForEmail(db, 'depart@exemple.fr');
  await setRole(db, user.id, 'coordinator', [{ level: 'departement', code: '38' }]);
  const secret = await openSession(db, user.id);
  const other = await userForEmail(db, 'reste@exemple.fr');
  await deleteUser(db, user.id);
  assert.equal(await findUserByEmail(db, 'depart@exemple.fr'), undefined);
  assert.equal(await readSession(db, secret), undefined);
  const [left] = await db.query<{ sessions: number; territories: number }>(
    'SELECT (SELECT count(*) FROM sessions WHERE user_id = $1)::int AS sessions, (SELECT count(*) FROM user_territories WHERE user_id = $1)::int AS territories', [user.id]);
  assert.deepEqual(left, { sessions: 0, territories: 0 });
  assert.ok(await findUserByEmail(db, other.email));
});
