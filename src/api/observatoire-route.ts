// Owns the observatory's JSON API: /api/v1/observatoire/{niveau} (the figures of every territory of
// a level, optionally of one département or région, paginated by code), /api/v1/observatoire/
// {niveau}/{code} (one territory), /api/v1/observatoire/zones-blanches (the ranked white zones) and
// /api/v1/observatoire/methode (the method and the datasets). The figures are those of the pages
// (observatoire/current-figures.ts), as observatoire/figures.ts shapes them: an absent value is null
// with its reason in `missing`, never 0. Without datasets: 503 saying what to load.
import type { FastifyReply } from 'fastify';
import { nextLink } from './next-link.ts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Db } from '../platform/db.ts';
import { currentFigures } from '../observatoire/current-figures.ts';
import { LEVELS, type Level } from '../observatoire/model.ts';
import type { ObservatoireFigures, TerritoryFigures } from '../observatoire/figures.ts';
import { ProblemSchema } from './schemas.ts';
import { sendProblem } from './problem.ts';
import type { RouteDef } from './routes.ts';

const TAG = 'Observatoire';
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Missing = Nullable(Type.String({ description: 'Pourquoi la valeur est absente : secret (secret statistique), missing (absente de la source), insufficient_coverage, insufficient_weight, no_position, no_place.' }));

const LevelParam = Type.Union(LEVELS.map((l) => Type.Literal(l)), { description: 'Échelon : commune, epci, departement, region.' });
const code = Type.String({ pattern: '^[0-9A-Za-z]{2,9}$', description: 'Code INSEE (commune, département, région) ou SIREN (EPCI).' });

export const ObservatoireListQuery = Type.Object({
  departement: Type.Optional(Type.String({ pattern: '^[0-9AB]{2,3}$', description: 'Seulement les territoires de ce département (communes, EPCI).' })),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'Seulement les territoires de cette région.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Territoires par page.' })),
  cursor: Type.Optional(Type.String({ maxLength: 20, description: 'Le code après lequel reprendre (links.next de la page précédente).' })),
});
export const WhiteZonesQuery = Type.Object({
  niveau: Type.Optional(Type.Union([Type.Literal('commune'), Type.Literal('epci')], { default: 'commune', description: 'Communes ou EPCI.' })),
  departement: Type.Optional(Type.String({ pattern: '^[0-9AB]{2,3}$', description: 'Seulement celles de ce département.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: 'Le rang après lequel reprendre (links.next).' })),
});

const Indicator = Type.Object({
  value: Nullable(Type.Number()), missing: Missing,
  population_share: Type.Number({ description: 'Part de la population (0–1) des communes qui ont la valeur.' }),
  decile: Nullable(Type.Integer({ minimum: 1, maximum: 10, description: '1 = le dixième le moins fragile … 10 = le plus fragile, parmi les territoires du même échelon.' })),
});
const Score = Type.Object({
  score: Nullable(Type.Number({ minimum: 1, maximum: 10 })), weight_share: Type.Number(), missing: Missing,
  components: Type.Array(Type.Object({ key: Type.String(), weight: Type.Number(), value: Nullable(Type.Number()), missing: Missing, decile: Nullable(Type.Integer()) })),
});
const Distance = Type.Object({
  places: Type.Integer(), distance_km: Nullable(Type.Number()), nearest_place_id: Nullable(Type.String()), missing: Missing,
  population_beyond: Type.Array(Type.Number(), { description: 'Population à chaque seuil de meta.methode.coverage.distance_thresholds_km ou au-delà.' }),
  population_unknown: Type.Number(),
});
export const TerritorySchema = Type.Object({
  level: LevelParam, code: Type.String(), name: Type.String(), population: Type.Number(), communes: Type.Integer(),
  parents: Type.Object({ epci: Type.Array(Type.String()), departement: Type.Array(Type.String()), region: Type.Array(Type.String()) }),
  indicators: Type.Record(Type.String(), Indicator, { description: 'Par clé d’indicateur (meta.methode.indicators).' }),
  scores: Type.Record(Type.String(), Score, { description: 'Score inspiré de l’IFN, par variante (tout_age, seniors, jeunes).' }),
  far_from_digital: Type.Object({
    people: Nullable(Type.Number()), population_15plus: Nullable(Type.Number()), rate_pct: Nullable(Type.Number()), population_share: Type.Number(), missing: Missing,
    bands: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), rate_pct: Type.Number(), rate_source: Type.String(), population: Type.Number(), people: Type.Number() })),
  }, { description: 'Estimation des personnes de 15 ans ou plus éloignées du numérique.' }),
  coverage: Type.Object({
    places: Type.Integer(), places_per_10000: Nullable(Type.Number()), population_without_place: Type.Number(), share_without_place: Nullable(Type.Number()),
    communes_without_place: Type.Integer(), distances: Type.Record(Type.String(), Distance),
  }),
});
const Meta = Type.Object({
  methode: Type.Object({ title: Type.String(), notice: Type.String(), version: Type.String(), fingerprint: Type.String() }),
  jeux_de_donnees: Type.Array(Type.Object({ name: Type.String(), title: Type.String(), version: Type.String(), source_url: Type.String(), loaded_at: Type.String(), rows: Type.Integer() })),
  version: Type.String({ description: 'Version des chiffres (change avec les lieux et les jeux de données).' }),
});
const WhiteZoneSchema = Type.Object({
  rank: Type.Integer(), level: Type.String(), code: Type.String(), name: Type.String(), population: Type.Number(), variant: Type.String(), score: Type.Number(),
  target: Type.String(), distance_km: Nullable(Type.Number()), nearest_place: Nullable(Type.Object({ id: Type.String(), nom: Type.String() })),
  places: Type.Integer(), far_population: Type.Number(), far_share: Type.Number(), far_communes: Type.Integer(),
  people_far_from_digital: Nullable(Type.Number()), priority: Nullable(Type.Number()), reasons: Type.Array(Type.String()),
});

const problem = (description: string) => ({ description, schema: ProblemSchema, contentType: 'application/problem+json' });
const noData = problem('Aucun jeu de données de l’observatoire n’est chargé.');

type Figures = { figures: ObservatoireFigures; version: string };

async function figuresOr503(db: Db, reply: FastifyReply): Promise<Figures | undefined> {
  const state = await currentFigures(db);
  if (state.status === 'ready') return state;
  sendProblem(reply, {
    status: 503, title: 'Observatoire sans données',
    detail: 'Aucun jeu de données de l’observatoire n’est chargé. Sur le serveur : npm run passerelle -- data load NOM FICHIER (ou data fetch NOM) ; la liste : data lister.',
  });
  return undefined;
}

const meta = ({ figures, version }: Figures) => ({
  methode: { title: figures.method.title, notice: figures.method.notice, version: figures.method.config.version, fingerprint: figures.method.config.fingerprint },
  jeux_de_donnees: figures.datasets,
  version,
});

const inScope = (t: TerritoryFigures, q: { departement?: string; region?: string }) =>
  (!q.departement || (t.level === 'departement' ? t.code === q.departement : t.parents.departement.includes(q.departement)))
  && (!q.region || (t.level === 'region' ? t.code === q.region : t.parents.region.includes(q.region)));

export const observatoireRoutes: RouteDef[] = [
  {
    method: 'GET', url: '/api/v1/observatoire/methode', operationId: 'observatoireMethode', tag: TAG,
    summary: 'La méthode de l’observatoire (indice inspiré de l’IFN, estimations, distances, zones blanches), ses limites et les jeux de données.',
    responses: { 200: { description: 'La méthode.', schema: Type.Object({ data: Type.Object({}, { additionalProperties: true }), meta: Meta }) }, 503: noData },
    handler: async (db, _request, reply) => {
      const ready = await figuresOr503(db, reply);
      return ready && { data: ready.figures.method, meta: meta(ready) };
    },
  },
  {
    method: 'GET', url: '/api/v1/observatoire/zones-blanches', operationId: 'observatoireZonesBlanches', tag: TAG,
    summary: 'Les zones blanches (communes ou EPCI fragiles et loin de tout lieu adapté), par priorité, avec les chiffres qui les justifient.',
    querystring: WhiteZonesQuery,
    responses: { 200: { description: 'Une page de zones blanches.', schema: Type.Object({ data: Type.Array(WhiteZoneSchema), meta: Type.Intersect([Meta, Type.Object({ total: Type.Integer() })]), links: Type.Object({ next: Type.Optional(Type.String()) }) }) }, 400: problem('Paramètre invalide.'), 503: noData },
    handler: async (db, request, reply) => {
      const ready = await figuresOr503(db, reply);
      if (!ready) return reply;
      const q = request.query as Static<typeof WhiteZonesQuery>;
      const all = ready.figures.white_zones[q.niveau ?? 'commune'].filter((z) => !q.departement || z.parents.departement.includes(q.departement));
      const after = q.cursor ? Number(q.cursor) : 0;
      const limit = q.limit ?? 100;
      const rest = all.filter((z) => z.rank > after);
      const data = rest.slice(0, limit);
      return { data, meta: { ...meta(ready), total: all.length }, links: rest.length > limit ? { next: nextLink(request, String(data[data.length - 1]!.rank)) } : {} };
    },
  },
  {
    method: 'GET', url: '/api/v1/observatoire/:niveau', operationId: 'observatoireTerritoires', tag: TAG,
    summary: 'Les chiffres de l’observatoire pour chaque territoire d’un échelon (indicateurs, score inspiré de l’IFN par variante, personnes éloignées du numérique, couverture), par code.',
    params: Type.Object({ niveau: LevelParam }),
    querystring: ObservatoireListQuery,
    responses: { 200: { description: 'Une page de territoires.', schema: Type.Object({ data: Type.Array(TerritorySchema), meta: Type.Intersect([Meta, Type.Object({ total: Type.Integer() })]), links: Type.Object({ next: Type.Optional(Type.String()) }) }) }, 400: problem('Paramètre invalide.'), 503: noData },
    handler: async (db, request, reply) => {
      const ready = await figuresOr503(db, reply);
      if (!ready) return reply;
      const { niveau } = request.params as { niveau: Level };
      const q = request.query as Static<typeof ObservatoireListQuery>;
      const all = [...ready.figures.territories[niveau].values()].filter((t) => inScope(t, q));
      const limit = q.limit ?? 100;
      const rest = q.cursor ? all.filter((t) => t.code > q.cursor!) : all;
      const data = rest.slice(0, limit);
      return { data, meta: { ...meta(ready), total: all.length }, links: rest.length > limit ? { next: nextLink(request, data[data.length - 1]!.code) } : {} };
    },
  },
  {
    method: 'GET', url: '/api/v1/observatoire/:niveau/:code', operationId: 'observatoireTerritoire', tag: TAG,
    summary: 'Les chiffres de l’observatoire pour un territoire (commune, EPCI, département, région).',
    params: Type.Object({ niveau: LevelParam, code }),
    responses: { 200: { description: 'Le territoire.', schema: Type.Object({ data: TerritorySchema, meta: Meta }) }, 404: problem('Territoire inconnu.'), 503: noData },
    handler: async (db, request, reply) => {
      const ready = await figuresOr503(db, reply);
      if (!ready) return reply;
      const { niveau, code: wanted } = request.params as { niveau: Level; code: string };
      const t = ready.figures.territories[niveau].get(wanted);
      if (!t) return sendProblem(reply, { status: 404, title: 'Territoire introuvable', detail: `Aucun territoire ${niveau} n’a le code ${wanted}.` });
      return { data: t, meta: meta(ready) };
    },
  },
];
