// Owns the table of API routes. Each route declares its schemas once; server.ts registers them in
// Fastify (which validates requests with them) and openapi.ts documents them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Db } from '../platform/db.ts';
import { listLieux, getLieu, decodeCursor, encodeCursor, type LieuFilters } from '../lieux/store/read-lieux.ts';
import { searchCommunes, listTerritoires } from '../territoires/read-territoires.ts';
import { CommunesQuery, Commune, IdParams, LieuDetail, LieuxPage, LieuxQuery, ProblemSchema, Territoires } from './schemas.ts';
import { Type } from '@sinclair/typebox';
import { presentLieu, presentLieuDetail } from './presenters.ts';
import { sendProblem } from './problem.ts';

export type RouteDef = {
  method: 'GET';
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  querystring?: TSchema;
  params?: TSchema;
  responses: Record<number, { description: string; schema?: TSchema; contentType?: string }>;
  handler: (db: Db, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

const notFound = { description: 'Lieu inconnu.', schema: ProblemSchema, contentType: 'application/problem+json' };
const badRequest = { description: 'Paramètre invalide.', schema: ProblemSchema, contentType: 'application/problem+json' };

export function toFilters(q: Static<typeof LieuxQuery>): LieuFilters {
  return {
    ...q,
    bbox: q.bbox ? (q.bbox.split(',').map(Number) as [number, number, number, number]) : undefined,
  } as LieuFilters;
}

export const routes: RouteDef[] = [
  {
    method: 'GET', url: '/api/v1/lieux', operationId: 'listLieux', tag: 'Lieux',
    summary: 'Liste les lieux, filtrés et paginés par curseur.',
    querystring: LieuxQuery,
    responses: { 200: { description: 'Une page de lieux.', schema: LieuxPage }, 400: badRequest },
    handler: async (db, request, reply) => {
      const q = request.query as Static<typeof LieuxQuery>;
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      if (q.cursor && !after) return sendProblem(reply, { status: 400, title: 'Curseur invalide', detail: 'Le paramètre cursor doit venir de links.next d’une réponse précédente.' });
      const limit = q.limit ?? 50;
      const page = await listLieux(db, toFilters(q), { limit, ...(after && { after }) });
      const next = page.next ? nextLink(request, encodeCursor(page.next)) : undefined;
      return { data: page.items.map(presentLieu), meta: { total: page.total }, links: next ? { next } : {} };
    },
  },
  {
    method: 'GET', url: '/api/v1/lieux/:id', operationId: 'getLieu', tag: 'Lieux',
    summary: 'Un lieu, avec ses enregistrements sources et la provenance de chaque champ.',
    params: IdParams,
    responses: { 200: { description: 'Le lieu.', schema: LieuDetail }, 404: notFound },
    handler: async (db, request, reply) => {
      const lieu = await getLieu(db, (request.params as Static<typeof IdParams>).id);
      if (!lieu) return sendProblem(reply, { status: 404, title: 'Lieu introuvable', detail: `Aucun lieu n'a l'identifiant ${(request.params as { id: string }).id}.` });
      return presentLieuDetail(lieu);
    },
  },
  {
    method: 'GET', url: '/api/v1/territoires', operationId: 'listTerritoires', tag: 'Territoires',
    summary: 'Régions, départements et EPCI.',
    responses: { 200: { description: 'Les territoires.', schema: Territoires } },
    handler: async (db) => listTerritoires(db),
  },
  {
    method: 'GET', url: '/api/v1/territoires/communes', operationId: 'searchCommunes', tag: 'Territoires',
    summary: 'Cherche une commune par nom (sans accents) ou code postal.',
    querystring: CommunesQuery,
    responses: { 200: { description: 'Communes trouvées, les plus peuplées d’abord.', schema: Type.Object({ data: Type.Array(Commune) }) }, 400: badRequest },
    handler: async (db, request) => ({ data: await searchCommunes(db, request.query as Static<typeof CommunesQuery>) }),
  },
];

function nextLink(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}?${url.searchParams.toString()}`;
}
