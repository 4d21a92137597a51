// Owns the shape of a page route: pages are declared as tables (one per domain module) that
// routes.ts registers, like the API's route table.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db.ts';

export type PageRoute = {
  method: 'GET' | 'POST';
  url: string;
  /** Sends the page itself (sendPage, reply.redirect, reply.callNotFound()). */
  handler: (db: Db, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

/** Every page URL, as opposed to the JSON API, which answers errors in problem+json. */
export function isPageRequest(url: string): boolean {
  return !url.startsWith('/api/');
}
