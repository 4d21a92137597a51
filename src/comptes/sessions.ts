// Owns sessions (table sessions): a random secret in an HttpOnly cookie, its SHA-256 in the
// database with the account and a CSRF token for the account's forms. Every process reads the
// same table, so a session opened through one web process is valid on all of them, and signing
// out everywhere is one DELETE.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../platform/db.ts';
import { sha256 } from './login-links.ts';
import { getUser, type User } from './users.ts';

export const SESSION_DAYS = 14;

export type Session = { user: User; csrf: string };

/** Opens a session; returns the cookie's secret (never stored). */
export async function openSession(db: Queryable, userId: string): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
    [sha256(secret), userId, randomBytes(24).toString('base64url'), SESSION_DAYS],
  );
  return secret;
}

export async function readSession(db: Queryable, secret: string | undefined): Promise<Session | undefined> {
  if (!secret) return undefined;
  const [row] = await db.query<{ user_id: string; csrf_token: string }>(
    'SELECT user_id, csrf_token FROM sessions WHERE id_hash = $1 AND expires_at > now()',
    [sha256(secret)],
  );
  if (!row) return undefined;
  const user = await getUser(db, row.user_id);
  return user ? { user, csrf: row.csrf_token } : undefined;
}

export async function closeSession(db: Queryable, secret: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(secret)]);
}

/** Signs the account out on every device. */
export async function closeAllSessions(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query<{ id_hash: string }>('DELETE FROM sessions WHERE user_id = $1 RETURNING id_hash', [userId]);
  await db.query('DELETE FROM sessions WHERE expires_at < now()');
  return rows.length;
}
