// Owns the SQL that finds which visible places are worth comparing, without comparing every pair:
// neighbours through the GiST index on point(longitude, latitude), and places sharing a pivot
// through the pivot index. Also loads the few facts the rules need about given places.
import type { Queryable } from '../../platform/db.ts';
import { pushTo } from '../../platform/collections.ts';
import { boxHalfSizeDegrees } from './geo.ts';
import type { PlannedPlace } from './plan.ts';
import { MAX_PIVOT_GROUP } from './rules.ts';

export type Candidates = {
  /** Pairs of visible places to compare, each once (a < b). */
  pairs: [string, string][];
  /** Every visible place carrying a pivot shared by 2 to MAX_PIVOT_GROUP visible places. */
  pivotPlaceIds: string[];
  places: Map<string, PlannedPlace & { merged_into: string | null }>;
  /** Pairs an operator separated by undoing their merge, as "a|b" with a < b: never proposed again. */
  rejected: Set<string>;
};

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export async function findCandidates(db: Queryable, radiusMeters: number): Promise<Candidates> {
  const [extent] = await db.query<{ max_lat: number | null }>('SELECT max(abs(latitude)) AS max_lat FROM lieux WHERE merged_into IS NULL');
  const pairs: [string, string][] = [];
  if (extent?.max_lat != null) {
    // One box size for the whole query, wide enough at the highest latitude present.
    const { dLat, dLon } = boxHalfSizeDegrees(radiusMeters, extent.max_lat);
    const near = await db.query<{ a: string; b: string }>(
      `SELECT a.id AS a, b.id AS b
         FROM lieux a
         JOIN lieux b ON b.merged_into IS NULL AND b.id > a.id
          AND point(b.longitude, b.latitude) <@ box(point(a.longitude - $2, a.latitude - $1), point(a.longitude + $2, a.latitude + $1))
        WHERE a.merged_into IS NULL AND a.latitude IS NOT NULL AND a.longitude IS NOT NULL`,
      [dLat, dLon],
    );
    for (const r of near) pairs.push([r.a, r.b]);
  }

  const pivotPlaces = await db.query<{ id: string; pivot: string }>(
    `SELECT id, pivot FROM lieux
      WHERE merged_into IS NULL AND pivot IN (
        SELECT pivot FROM lieux WHERE merged_into IS NULL AND pivot IS NOT NULL AND pivot <> ''
         GROUP BY pivot HAVING count(*) BETWEEN 2 AND $1)
      ORDER BY pivot, id`,
    [MAX_PIVOT_GROUP],
  );
  const byPivot = new Map<string, string[]>();
  for (const p of pivotPlaces) pushTo(byPivot, p.pivot, p.id);
  for (const ids of byPivot.values()) {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i]!, ids[j]!]);
  }

  const ids = [...new Set(pairs.flat())];
  const places = await loadPlacesForMatching(db, ids);
  const undone = await db.query<{ target_id: string; merged_id: string }>("SELECT target_id, merged_id FROM merges WHERE status = 'undone'");
  return {
    pairs: uniquePairs(pairs),
    pivotPlaceIds: pivotPlaces.map((p) => p.id),
    places,
    rejected: new Set(undone.map((u) => pairKey(u.target_id, u.merged_id))),
  };
}

function uniquePairs(pairs: [string, string][]): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const [a, b] of pairs) seen.set(pairKey(a, b), a < b ? [a, b] : [b, a]);
  return [...seen.values()];
}

/** What the rules and the plan need to know about places (hidden ones included, with merged_into). */
export async function loadPlacesForMatching(db: Queryable, ids: readonly string[]): Promise<Map<string, PlannedPlace & { merged_into: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<Omit<PlannedPlace, 'seniority'> & { merged_into: string | null }>(
    `SELECT l.id, l.nom, coalesce(l.data->'adresse'->>'voie', '') AS voie, l.code_postal, l.commune_code,
            l.latitude, l.longitude, nullif(l.pivot, '') AS pivot, l.merged_into,
            coalesce(s.sources, '{}') AS sources, coalesce(s.records, 0) AS records
       FROM lieux l
       LEFT JOIN LATERAL (
         SELECT array_agg(DISTINCT r.source ORDER BY r.source) AS sources, count(*)::int AS records
           FROM source_records r WHERE r.lieu_id = l.id
       ) s ON true
      WHERE l.id = ANY($1::uuid[])
      ORDER BY l.created_at, l.id`,
    [ids],
  );
  return new Map(rows.map((r, seniority) => [r.id, { ...r, seniority }]));
}
