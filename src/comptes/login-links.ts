// Owns the one-time sign-in links sent by e-mail: a random token (256 bits) of which only the
// SHA-256 is stored, valid LINK_MINUTES minutes, usable once. Consuming it is one UPDATE, so two
// clicks at the same time (or two processes) cannot both sign in.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../platform/db.ts';
import { normalizeEmail } from './users.ts';

export const LINK_MINUTES = 15;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Creates a link for the address; returns the token to put in the URL (never stored). */
export async function createLoginToken(db: Queryable, email: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO login_tokens (token_hash, email, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`,
    [sha256(token), normalizeEmail(email), LINK_MINUTES],
  );
  // Expired links are of no use to anyone: forgotten here rather than by a timer.
  await db.query("DELETE FROM login_tokens WHERE expires_at < now() - interval '1 day'");
  return token;
}

export type LinkProblem = 'unknown' | 'used' | 'expired';

/** The address the link was sent to, once; afterwards, or when too old, why it cannot be used. */
export async function consumeLoginToken(db: Queryable, token: string): Promise<{ email: string } | { problem: LinkProblem }> {
  const hash = sha256(token);
  const [used] = await db.query<{ email: string }>(
    'UPDATE login_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING email',
    [hash],
  );
  if (used) return { email: used.email };
  const [row] = await db.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM login_tokens WHERE token_hash = $1', [hash]);
  return { problem: !row ? 'unknown' : row.used ? 'used' : 'expired' };
}
