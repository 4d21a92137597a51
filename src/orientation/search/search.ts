// Owns the orientation search: the places that meet a person's need around where they are,
// ranked by how much of the need they cover, then by distance, each with its next opening and
// the reasons it was chosen. When nothing matches within the radius, it says so and proposes the
// nearest places meeting most criteria, and the itinerant services that come to the commune.
// Everything is read from the catalog (lieux/catalog): no SQL per search.
import type { Db } from '../../platform/db.ts';
import { catalog, type CatalogSnapshot } from '../../lieux/catalog/catalog.ts';
import type { CatalogEntry } from '../../lieux/catalog/entry.ts';
import { has, intersect, positions, union, type Bitset } from '../../lieux/catalog/bitset.ts';
import { distanceMeters, type LatLon } from '../../lieux/dedup/geo.ts';
import { gridOf } from '../../lieux/catalog/grid-index.ts';
import { communeDirectory, type CommuneInfo } from '../../territoires/commune-directory.ts';
import type { Geocoder } from '../geocoder/geocoder.ts';
import { needsFromText, type FreeTextNeeds } from '../free-text-needs.ts';
import { nextOpening, type NextOpening } from '../next-opening.ts';
import { criteriaOf, type Criteria, type Criterion } from './criteria.ts';
import { resolveWhere, type Where, type WhereInput, type WhereProblem } from './where.ts';

export const RADII_KM = [2, 5, 10, 20, 50] as const;
export const DEFAULT_RADIUS_KM = 10;
export const MAX_LIMIT = 50;
/** How many nearest places are proposed when nothing matches. */
export const FALLBACK_COUNT = 5;
/** Among how many of the nearest places offering the need the proposals are chosen. */
const FALLBACK_POOL = 50;

export type OrientationQuery = WhereInput & Omit<Criteria, 'kinds'> & {
  /** The need in the person's words ("faire ma déclaration d'impôts"). */
  besoin?: string;
  rayonKm?: number;
  limit?: number;
  /** The moment of the search (opening hours are evaluated then). */
  at: Date;
};

export type OrientationResult = {
  lieu: CatalogEntry;
  /** Metres from the point searched, when both are known. */
  distance?: number;
  nextOpening: NextOpening;
  /** Why this place: one plain sentence per criterion it meets. */
  why: string[];
  /** For proposed places (fallback): the criteria it does not meet. */
  missing: string[];
  /** An itinerant service that visits one of the communes searched. */
  visits: boolean;
};

export type OrientationAnswer = {
  where: Where;
  /** The needs understood: chosen ones plus those read from the free text. */
  needs: { services: string[]; kinds: string[]; fromText: FreeTextNeeds };
  /** The free text was given but no need could be read from it. */
  textNotUnderstood: boolean;
  rayonKm: number;
  results: OrientationResult[];
  /** How many places match in all (results holds the first `limit`). */
  total: number;
  /** When no place matches: the nearest meeting most criteria, and the itinerant services coming here. */
  fallback?: { nearest: OrientationResult[]; itinerant: OrientationResult[] };
};

export type OrientationDeps = { geocoder?: Geocoder | undefined };

export async function orientation(db: Db, query: OrientationQuery, deps: OrientationDeps = {}): Promise<OrientationAnswer | WhereProblem> {
  const [snapshot, communes] = await Promise.all([catalog(db), communeDirectory(db)]);
  const where = await resolveWhere(query, { communes, geocoder: deps.geocoder, communePoint: (c) => communePoint(snapshot, c) });
  if ('problem' in where) return where;

  const fromText = needsFromText(query.besoin ?? '');
  const services = unique([...query.services, ...fromText.services.map((m) => m.value)]);
  const kinds = unique(fromText.kinds.map((m) => m.value));
  const criteria = criteriaOf({ ...query, services, kinds }, query.at);
  const rayonKm = query.rayonKm ?? DEFAULT_RADIUS_KM;
  const limit = Math.min(query.limit ?? 20, MAX_LIMIT);
  const area = areaOf(snapshot, where, rayonKm * 1000);
  const visiting = visitorsOf(snapshot, where.communes);

  // Criteria that are catalog filters narrow through its bitsets; the others are tested on what
  // is left, the costly ones (opening hours) last.
  const base = narrowed(snapshot, criteria);
  const perPlace = [...criteria.filter((c) => !c.filters && !c.costly), ...criteria.filter((c) => !c.filters && c.costly)];
  const matching: Candidate[] = [];
  for (const [p, distance] of area) {
    if (!has(base, p)) continue;
    const entry = snapshot.entries[p]!;
    if (!perPlace.every((c) => c.matches(entry))) continue;
    matching.push({ p, distance, coverage: coverage(entry, services, kinds) });
  }
  matching.sort(byRank);
  const at = query.at;
  const present = (c: Candidate, missing: string[] = []): OrientationResult => {
    const lieu = snapshot.entries[c.p]!;
    // An itinerant service visiting the commune: its next opening is its next stop there.
    const stop = visiting.has(c.p) ? (lieu.data.itinerance_passages ?? []).find((s) => where.communes.some((co) => co.code === s.commune_code)) : undefined;
    const stopCommune = stop && where.communes.find((co) => co.code === stop.commune_code);
    return {
      lieu,
      ...(c.distance !== undefined && { distance: c.distance }),
      nextOpening: nextOpening(stop ? { ...lieu.data, horaires: stop.horaires } : lieu.data, at),
      why: [...(stopCommune ? [`Passe à ${stopCommune.nom}${stop!.lieu ? ` (${stop!.lieu})` : ''}`] : []),
        ...criteria.filter((cr) => cr.matches(lieu)).map((cr) => cr.reason(lieu))],
      missing,
      visits: visiting.has(c.p),
    };
  };
  const answer: OrientationAnswer = {
    where,
    needs: { services, kinds, fromText },
    textNotUnderstood: !!query.besoin?.trim() && fromText.services.length === 0 && fromText.kinds.length === 0,
    rayonKm,
    results: matching.slice(0, limit).map((c) => present(c)),
    total: matching.length,
  };
  if (matching.length === 0) answer.fallback = fallback(snapshot, where, criteria, visiting, services, kinds, present);
  return answer;
}

type Candidate = { p: number; distance?: number; coverage: number };

/** Places that may be shown: not closed for good. */
const VISIBLE = { status: ['open', 'temporarily_closed'] };

/** The visible places meeting every criterion that has catalog filters. */
function narrowed(snapshot: CatalogSnapshot, criteria: Criterion[]): Bitset {
  const set = snapshot.index.evaluate(VISIBLE);
  for (const c of criteria) {
    if (c.filters) intersect(set, union(snapshot.entries.length, c.filters.map((f) => snapshot.index.evaluate(f))));
  }
  return set;
}

/** More needs covered first, then nearer, then places without a known distance, then by name (list order). */
function byRank(a: Candidate, b: Candidate): number {
  if (a.coverage !== b.coverage) return b.coverage - a.coverage;
  const da = a.distance ?? Number.POSITIVE_INFINITY;
  const db = b.distance ?? Number.POSITIVE_INFINITY;
  return da !== db ? da - db : a.p - b.p;
}

function coverage(entry: CatalogEntry, services: string[], kinds: string[]): number {
  return services.filter((s) => entry.services.includes(s)).length + (kinds.includes(entry.kind) ? 1 : 0);
}

/**
 * The places of the area, with their distance: within the radius of the point, plus those of the
 * communes searched and the itinerant services visiting them (without a point: only those).
 */
function areaOf(snapshot: CatalogSnapshot, where: Where, radius: number): Map<number, number | undefined> {
  const area = new Map<number, number | undefined>();
  const { entries } = snapshot;
  const distanceTo = (entry: CatalogEntry) => (where.point && entry.latitude !== null && entry.longitude !== null
    ? distanceMeters(where.point, { latitude: entry.latitude, longitude: entry.longitude }) : undefined);
  for (const commune of where.communes) {
    for (const p of positions(snapshot.index.evaluate({ commune: commune.code }))) area.set(p, distanceTo(entries[p]!));
  }
  if (where.point) {
    for (const [p, d] of gridOf(snapshot).within(where.point, radius)) area.set(p, d);
  }
  return area;
}

/** Positions of the itinerant services that visit one of the communes. */
function visitorsOf(snapshot: CatalogSnapshot, communes: CommuneInfo[]): Set<number> {
  const out = new Set<number>();
  for (const commune of communes) {
    for (const p of positions(snapshot.index.evaluate({ commune: commune.code }))) {
      if (snapshot.entries[p]!.communes_desservies.includes(commune.code)) out.add(p);
    }
  }
  return out;
}

/**
 * Nearest places meeting the most criteria (any distance; without a point, those of the same EPCI,
 * else département), and the itinerant services visiting. A need, when given, stays required:
 * a place that does not offer it cannot help, however near.
 */
function fallback(
  snapshot: CatalogSnapshot, where: Where, criteria: Criterion[], visiting: Set<number>, services: string[], kinds: string[],
  present: (c: Candidate, missing: string[]) => OrientationResult,
): NonNullable<OrientationAnswer['fallback']> {
  const open = snapshot.index.evaluate(VISIBLE);
  const need = criteria.find((c) => c.key === 'besoin');
  const others = criteria.filter((c) => c !== need);
  const cheap = others.filter((c) => !c.costly);
  const point = where.point;
  const epcis = new Set(where.communes.map((c) => c.epci_code).filter(Boolean));
  const departements = new Set(where.communes.map((c) => c.departement_code));
  const near = (e: CatalogEntry) => (e.epci_code !== null && epcis.has(e.epci_code)) || (epcis.size === 0 && e.departement_code !== null && departements.has(e.departement_code));
  const scored: (Candidate & { met: number })[] = [];
  const keep = (p: number, distance: number | undefined) => {
    const e = snapshot.entries[p]!;
    if (!has(open, p) || (need && !need.matches(e))) return;
    scored.push({ p, ...(distance !== undefined && { distance }), coverage: coverage(e, services, kinds), met: cheap.filter((c) => c.matches(e)).length });
  };
  if (point) {
    // Rings around the point, wider each time, until enough places offer the need: the
    // proposals are chosen among the nearest POOL such places, not the whole country.
    const grid = gridOf(snapshot);
    for (let radius = 20_000; ; radius *= 3) {
      scored.length = 0;
      for (const [p, d] of grid.within(point, radius)) keep(p, d);
      if (scored.length >= FALLBACK_POOL || radius > 2_000_000) break;
    }
  } else {
    for (const p of positions(open)) if (near(snapshot.entries[p]!)) keep(p, undefined);
  }
  const byMet = (a: { met: number } & Candidate, b: { met: number } & Candidate) => b.met - a.met || (a.distance ?? Infinity) - (b.distance ?? Infinity) || a.p - b.p;
  scored.sort(byMet);
  // The opening-hours criteria are costly: counted only on the best few by the others.
  const costly = others.filter((c) => c.costly);
  const best = scored.slice(0, FALLBACK_POOL).map((s) => ({ ...s, met: s.met + costly.filter((c) => c.matches(snapshot.entries[s.p]!)).length }));
  best.sort(byMet);
  const missingOf = (p: number) => criteria.filter((c) => !c.matches(snapshot.entries[p]!)).map((c) => c.missing);
  const nearest = best.filter((s) => !visiting.has(s.p)).slice(0, FALLBACK_COUNT).map((s) => present(s, missingOf(s.p)));
  const itinerant = [...visiting].filter((p) => has(open, p)).map((p) => present({ p, coverage: 0 }, missingOf(p)));
  return { nearest, itinerant };
}

// A commune without a loaded position gets the middle of its located places, once per snapshot.
const derivedPoints = new WeakMap<CatalogSnapshot, Map<string, LatLon | undefined>>();

function communePoint(snapshot: CatalogSnapshot, commune: CommuneInfo): LatLon | undefined {
  if (commune.latitude !== null && commune.longitude !== null) return { latitude: commune.latitude, longitude: commune.longitude };
  let points = derivedPoints.get(snapshot);
  if (!points) derivedPoints.set(snapshot, (points = new Map()));
  if (!points.has(commune.code)) {
    const located = [...positions(snapshot.index.evaluate({ commune: commune.code }))]
      .map((p) => snapshot.entries[p]!)
      .filter((e) => e.commune_code === commune.code && e.latitude !== null && e.longitude !== null);
    points.set(commune.code, located.length === 0 ? undefined : {
      latitude: median(located.map((e) => e.latitude!)),
      longitude: median(located.map((e) => e.longitude!)),
    });
  }
  return points.get(commune.code);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const unique = <T>(values: T[]) => [...new Set(values)];
