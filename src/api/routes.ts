// Owns the table of API routes. Each route declares its schemas once; server.ts registers them in
// Fastify (which validates requests with them) and openapi.ts documents them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { nextLink } from './next-link.ts';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Db } from '../platform/db.ts';
import { getLieu, type LieuFilters } from '../lieux/store/read-lieux.ts';
import { listIn, decodeCursor, encodeCursor } from '../lieux/catalog/list-lieux.ts';
import { catalog } from '../lieux/catalog/catalog.ts';
import { memoBody } from '../lieux/catalog/snapshot-memo.ts';
import { searchCommunes, listTerritoires } from '../territoires/read-territoires.ts';
import {
  CommunesQuery, Commune, ExportCsv, ExportDataInclusion, ExportGeoJson, ExportLieuxJson, ExportQuery, FusionsPage, FusionsQuery,
  IdParams, LieuDetail, LieuxPage, LieuxQuery, ProblemSchema, Territoires,
} from './schemas.ts';
import { EXPORTS, exportFileName, exportLieux, type ExportFormat } from '../lieux/export/index.ts';
import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { presentLieuJson, presentLieuDetail } from './presenters.ts';
import { sendProblem } from './problem.ts';
import { orientationHandler } from './orientation-route.ts';
import { observatoireRoutes } from './observatoire-route.ts';
import { OrientationAnswer, OrientationQuery } from './orientation-schemas.ts';
import type { Geocoder } from '../orientation/geocoder/geocoder.ts';
import { listMerges } from '../lieux/dedup/list-merges.ts';
import type { MergeStatus } from '../lieux/dedup/lock-merge.ts';

export type RouteDef = {
  method: 'GET';
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  querystring?: TSchema;
  params?: TSchema;
  /** One schema (with its contentType, JSON by default), or several bodies by media type in `content`. */
  responses: Record<number, { description: string; schema?: TSchema; contentType?: string; content?: Record<string, TSchema> }>;
  handler: (db: Db, request: FastifyRequest, reply: FastifyReply, deps: ApiDeps) => Promise<unknown>;
};

/** Services the API talks to, chosen by the configuration (none by default). */
export type ApiDeps = { geocoder?: Geocoder | undefined };

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
      const snapshot = await catalog(db);
      // The same URL on the same snapshot gives the same page: built once (decision 026).
      const body = await memoBody(snapshot, `list ${request.url}`, () => {
        const page = listIn(snapshot, toFilters(q), { limit, ...(after && { after }) });
        const next = page.next ? nextLink(request, encodeCursor(page.next)) : undefined;
        // Built from each place's JSON, computed once per version of the place.
        return `{"data":[${page.items.map(presentLieuJson).join(',')}],"meta":${JSON.stringify({ total: page.total, total_exact: true })},"links":${JSON.stringify(next ? { next } : {})}}`;
      });
      return reply.type('application/json; charset=utf-8').send(body);
    },
  },
  {
    method: 'GET', url: '/api/v1/lieux/:id', operationId: 'getLieu', tag: 'Lieux',
    summary: 'Un lieu, avec ses enregistrements sources et la provenance de chaque champ.',
    params: IdParams,
    responses: { 200: { description: 'Le lieu.', schema: LieuDetail }, 404: notFound },
    handler: async (db, request, reply) => {
      const { id } = request.params as Static<typeof IdParams>;
      // Every write to a place or its source records rewrites its row, hence a new snapshot.
      const body = await memoBody(await catalog(db), `lieu ${id}`, async () => {
        const lieu = await getLieu(db, id);
        return lieu ? reply.serialize(presentLieuDetail(lieu)) as string : undefined;
      });
      if (!body) return sendProblem(reply, { status: 404, title: 'Lieu introuvable', detail: `Aucun lieu n'a l'identifiant ${id}.` });
      return reply.type('application/json; charset=utf-8').send(body);
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
  {
    method: 'GET', url: '/api/v1/lieux/export', operationId: 'exportLieux', tag: 'Lieux',
    summary: 'Exporte tous les lieux dans un format ouvert : schéma national (CSV ou JSON), GeoJSON ou data·inclusion.',
    querystring: ExportQuery,
    responses: {
      200: {
        description: 'Le fichier, envoyé au fil de la lecture (en-tête Content-Disposition avec le nom du fichier).',
        content: {
          'text/csv': ExportCsv,
          'application/json': Type.Union([ExportLieuxJson, ExportDataInclusion], { description: 'lieux-json : lieux à plat du schéma national ; data-inclusion : structures du schéma data·inclusion.' }),
          'application/geo+json': ExportGeoJson,
        },
      },
      400: badRequest,
    },
    handler: async (db, request, reply) => {
      const { format } = request.query as { format: ExportFormat }; // validated against ExportQuery
      const body = new PassThrough();
      // Rows go out as they are read; a failure midway cuts the response, which the client sees.
      exportLieux(db, format, body).then(() => body.end(), (error: Error) => body.destroy(error));
      return reply
        .type(EXPORTS[format].contentType)
        .header('content-disposition', `attachment; filename="${exportFileName(format)}"`)
        .send(body);
    },
  },
  {
    method: 'GET', url: '/api/v1/orientation', operationId: 'orientation', tag: 'Orientation',
    summary: 'Trouve les lieux qui répondent à un besoin près d’un endroit, classés par pertinence puis distance, avec la prochaine ouverture et les raisons du choix.',
    querystring: OrientationQuery,
    responses: {
      200: { description: 'Les lieux trouvés ; quand il n’y en a aucun, des propositions (lieux proches qui remplissent le plus de critères, services itinérants).', schema: OrientationAnswer },
      400: { description: 'Paramètre invalide, ou plusieurs communes portent ce nom (extension « choix »).', schema: ProblemSchema, contentType: 'application/problem+json' },
      404: { description: 'Endroit introuvable.', schema: ProblemSchema, contentType: 'application/problem+json' },
      503: { description: 'Le service de recherche d’adresse ne répond pas.', schema: ProblemSchema, contentType: 'application/problem+json' },
    },
    handler: async (db, request, reply, deps) => orientationHandler(db, request, reply, deps.geocoder),
  },
  {
    method: 'GET', url: '/api/v1/fusions', operationId: 'listFusions', tag: 'Fusions',
    summary: 'Liste les fusions de lieux en double entre sources, les plus récentes d’abord (lecture seule).',
    querystring: FusionsQuery,
    responses: { 200: { description: 'Une page de fusions.', schema: FusionsPage }, 400: badRequest },
    handler: async (db, request) => {
      const q = request.query as Static<typeof FusionsQuery>;
      const page = await listMerges(db, { ...(q.status && { status: q.status as MergeStatus }), limit: q.limit ?? 50, ...(q.cursor && { before: Number(q.cursor) }) });
      // Who created or decided a merge stays in the operators' tools (CLI, change_log).
      const data = page.items.map(({ created_by: _c, decided_by: _d, ...merge }) => merge);
      return { data, meta: { total: page.total }, links: page.next ? { next: nextLink(request, String(page.next)) } : {} };
    },
  },
  ...observatoireRoutes,
];

