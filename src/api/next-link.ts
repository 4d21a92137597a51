// Owns the `links.next` of a paginated answer: the same path and query, with the cursor of the
// next page (relative, so a body does not depend on the host it was asked from).
import type { FastifyRequest } from 'fastify';

export function nextLink(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}?${url.searchParams.toString()}`;
}
