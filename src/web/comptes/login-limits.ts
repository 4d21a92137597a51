// Owns the limits on asking for sign-in links, kept in the database (shared by every process):
// per address, so nobody floods someone's mailbox, and per network address, so nobody tries
// thousands of addresses. Only hashes of both are stored (platform/rate-limit.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.ts';
import { rateLimitKey } from '../../platform/rate-limit.ts';
import { enforceRateLimit } from '../rate-limited.ts';

export const LOGIN_LIMITS = {
  perEmail: { limit: 5, windowSeconds: 15 * 60 },
  perIp: { limit: 30, windowSeconds: 15 * 60 },
};

/** False when a limit is reached (the refusal page is then sent). */
export async function loginAllowed(db: Db, request: FastifyRequest, reply: FastifyReply, email: string): Promise<boolean> {
  return (await enforceRateLimit(db, reply, { key: rateLimitKey('login:ip', request.ip), ...LOGIN_LIMITS.perIp }))
    && enforceRateLimit(db, reply, { key: rateLimitKey('login:email', email), ...LOGIN_LIMITS.perEmail });
}
