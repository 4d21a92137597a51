// Owns protection against cross-site request forgery for every form that changes something:
// a signed-in person's forms carry their session's token; forms used before signing in carry a
// random token also set in a cookie (double submit). Cookies are SameSite=Lax as well.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '../comptes/sessions.ts';
import { html, type SafeHtml } from './html.ts';
import { page, sendPage } from './layout.ts';
import { isSecureSite } from './public-url.ts';

export const CSRF_FIELD = '_csrf';
const CSRF_COOKIE = 'passerelle_csrf';

/** The hidden field of a form; sets the cookie for people not signed in when they have none. */
export function csrfField(request: FastifyRequest, reply: FastifyReply, session?: Session): SafeHtml {
  let token = session?.csrf ?? request.cookies[CSRF_COOKIE];
  if (!token) {
    token = randomBytes(24).toString('base64url');
    reply.setCookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: isSecureSite(request), path: '/' });
  }
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

/** True when the posted form carries the expected token. */
export function csrfValid(request: FastifyRequest, session?: Session): boolean {
  const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  const expected = session?.csrf ?? request.cookies[CSRF_COOKIE];
  if (typeof sent !== 'string' || !expected || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

export function sendCsrfRefused(reply: FastifyReply): FastifyReply {
  return sendPage(reply, page({
    title: 'Formulaire expiré',
    main: html`<h1>Le formulaire a expiré</h1>
<p>Pour votre sécurité, ce formulaire ne peut plus être envoyé. Revenez à la page précédente, rechargez-la, puis recommencez.</p>`,
  }), 403);
}
