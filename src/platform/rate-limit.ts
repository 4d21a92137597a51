// Owns rate limiting (login, suggestions): fixed-window counters kept in the database, because
// several stateless web processes may share one PostgreSQL (decision 016). A hit is ONE atomic
// statement (INSERT … ON CONFLICT DO UPDATE … RETURNING), so concurrent hits from any number of
// connections or processes are all counted, without a read-then-write race. Time is the
// database's now() unless a test passes `now`, so every process agrees on the window.
//
// Call it on the Db itself, not inside a transaction that may roll back: a rolled-back hit would
// not count (and a failed login usually rolls back).
//
// Old windows are purged opportunistically: about 1 hit in 100 also deletes the windows that
// started more than MAX_WINDOW_SECONDS before now (they are all over, since no window is longer).
import { createHash } from 'node:crypto';
import type { Queryable } from './db.ts';

/** The longest window a rule may have; windows older than this are over and may be purged. */
export const MAX_WINDOW_SECONDS = 86_400;
const PURGE_CHANCE = 0.01;

export type RateLimitRule = {
  /** Built with rateLimitKey(): never a raw e-mail address or IP. */
  key: string;
  /** Hits allowed per window. */
  limit: number;
  /** Window length, 1 to MAX_WINDOW_SECONDS. */
  windowSeconds: number;
};

export type RateLimitHit = RateLimitRule & {
  /** Tests only: the instant of the hit (default: the database's now()). */
  now?: Date;
  /** Tests only: the probability that this hit also purges old windows (default 1/100). */
  purgeChance?: number;
};

export type RateLimitResult = {
  /** True while the hits of this window, this one included, are within the limit. */
  allowed: boolean;
  /** Hits still allowed in this window after this one. */
  remaining: number;
  /** Seconds until the window ends (rounded up, at least 1): the Retry-After when refused. */
  retryAfterSeconds: number;
};

/** Counts one hit on the key's current window and says whether it is allowed. */
export async function hitRateLimit(db: Queryable, hit: RateLimitHit): Promise<RateLimitResult> {
  const { key, limit, windowSeconds } = hit;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`rate limit: limit must be an integer >= 0, got ${limit}`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    throw new RangeError(`rate limit: windowSeconds must be an integer from 1 to ${MAX_WINDOW_SECONDS}, got ${windowSeconds}`);
  }
  const now = hit.now?.toISOString() ?? null;
  // Windows are aligned on the Unix epoch: [k × windowSeconds, (k + 1) × windowSeconds).
  const [row] = await db.query<{ hits: number; rest: number }>(
    `INSERT INTO rate_limits (key, window_start, hits)
     VALUES ($1, date_bin(make_interval(secs => $2::integer), coalesce($3::timestamptz, now()), timestamptz '1970-01-01 00:00:00+00'), 1)
     ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits, extract(epoch FROM window_start + make_interval(secs => $2::integer) - coalesce($3::timestamptz, now()))::float8 AS rest`,
    [key, windowSeconds, now],
  );
  if (Math.random() < (hit.purgeChance ?? PURGE_CHANCE)) {
    // Opportunistic: a purge that fails (e.g. two purges meeting) must not refuse the request;
    // a later hit purges again.
    await db
      .query(`DELETE FROM rate_limits WHERE window_start < coalesce($1::timestamptz, now()) - make_interval(secs => $2::integer)`, [now, MAX_WINDOW_SECONDS])
      .catch(() => undefined);
  }
  const hits = Number(row!.hits);
  return {
    allowed: hits <= limit,
    remaining: Math.max(0, limit - hits),
    retryAfterSeconds: Math.max(1, Math.ceil(Number(row!.rest))),
  };
}

/** Deletes the windows that started before `olderThan`; returns how many were deleted. */
export async function purgeRateLimits(db: Queryable, olderThan: Date): Promise<number> {
  const rows = await db.query(`DELETE FROM rate_limits WHERE window_start < $1::timestamptz RETURNING 1`, [olderThan.toISOString()]);
  return rows.length;
}

/**
 * An opaque key: `kind` as given (e.g. "login:email", "login:ip"), then the SHA-256 of `value`
 * in hex, so no e-mail address or IP is stored in clear. Callers normalise the value first
 * (e.g. trim and lowercase an e-mail address) so that variants share one counter.
 */
export function rateLimitKey(kind: string, value: string): string {
  if (kind === '') throw new RangeError('rate limit: empty key kind');
  return `${kind}:${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}
