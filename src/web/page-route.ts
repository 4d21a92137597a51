// Owns the shape of a page route: pages are declared as tables (one per domain module) that
// routes.ts registers, like the API's route table.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db.ts';
import type { Geocoder } from '../orientation/geocoder/geocoder.ts';
import type { Mailer } from '../platform/mail/mailer.ts';

export type PageRoute = {
  method: 'GET' | 'POST';
  url: string;
  /** Sends the page itself (sendPage, reply.redirect, reply.callNotFound()). */
  handler: (db: Db, request: FastifyRequest, reply: FastifyReply, deps: WebDeps) => Promise<unknown>;
};

/** Services pages talk to, chosen by the configuration (none by default). */
export type WebDeps = { geocoder?: Geocoder | undefined; tiles?: { url?: string; attribution: string }; mailer?: Mailer };

/** Every page URL, as opposed to the JSON API, which answers errors in problem+json. */
export function isPageRequest(url: string): boolean {
  return !url.startsWith('/api/');
}
