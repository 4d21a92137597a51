// Owns the session cookie of the site: HttpOnly (no script reads it), SameSite=Lax (not sent by
// other sites' forms), Secure on https, and the session it opens (comptes/sessions.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.ts';
import { readSession, SESSION_DAYS, type Session } from '../../comptes/sessions.ts';
import { isSecureSite } from '../public-url.ts';
import { forbiddenPage } from '../access.ts';
import { sendPage } from '../layout.ts';
import type { SafeHtml } from '../html.ts';

export const SESSION_COOKIE = 'passerelle_session';

export function currentSession(db: Db, request: FastifyRequest): Promise<Session | undefined> {
  return readSession(db, request.cookies[SESSION_COOKIE]);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true, sameSite: 'lax', secure: isSecureSite(request), path: '/', maxAge: SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isSecureSite(request), path: '/' });
}

/** The signed-in session, or a redirect to the sign-in page (and undefined). */
export async function requireSession(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<Session | undefined> {
  const session = await currentSession(db, request);
  if (!session) reply.redirect('/connexion', 303);
  return session;
}

/**
 * The signed-in session of a coordinator or administrator; otherwise the sign-in redirect or a 403
 * page saying `refusal` (and undefined). Territories are checked by each action with `can()`.
 */
export async function requireCoordinator(db: Db, request: FastifyRequest, reply: FastifyReply, refusal: string, next?: SafeHtml): Promise<Session | undefined> {
  const session = await requireSession(db, request, reply);
  if (session && session.user.role !== 'coordinator' && session.user.role !== 'admin') {
    sendPage(reply, forbiddenPage(refusal, next), 403);
    return undefined;
  }
  return session;
}
