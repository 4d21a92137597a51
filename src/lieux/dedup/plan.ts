// Owns turning matching pairs into an ordered list of merges that can be applied one after the
// other: which place absorbs which, without ever putting two records of one source on one place;
// and how such a list is cut into runs that one SQL statement each can apply. Pure.
import type { Match, PlaceForMatching } from './rules.ts';

export type PlannedPlace = PlaceForMatching & {
  /** Number of source records. */
  records: number;
  /** Order of creation (0 = oldest), to keep the longest-known identifier. */
  seniority: number;
};

export type MatchedPair = { a: string; b: string; match: Match };
export type PlannedMerge = { target: PlannedPlace; merged: PlannedPlace; match: Match };

const REASON_ORDER = { same_pivot: 0, proximity: 1, manual: 2 } as const;

/** Strongest evidence first: shared pivot, then the closest, then the most similar names. */
export function comparePairs(x: MatchedPair, y: MatchedPair): number {
  return REASON_ORDER[x.match.reason] - REASON_ORDER[y.match.reason]
    || (x.match.distance_m ?? Infinity) - (y.match.distance_m ?? Infinity)
    || y.match.name_similarity - x.match.name_similarity
    || (x.a + x.b).localeCompare(y.a + y.b);
}

/** Of two places, the one that absorbs the other: the one with more records, else the older one. */
export function chooseTarget(p: PlannedPlace, q: PlannedPlace): [target: PlannedPlace, merged: PlannedPlace] {
  const pFirst = p.records !== q.records ? p.records > q.records : p.seniority <= q.seniority;
  return pFirst ? [p, q] : [q, p];
}

/**
 * Orders the merges. Pairs are taken strongest first; a pair whose places were already joined
 * by earlier merges is skipped, and so is a pair whose groups would then share a source. A place
 * absorbed by an earlier merge is represented by the place that absorbed it.
 */
export function planMerges(places: ReadonlyMap<string, PlannedPlace>, pairs: readonly MatchedPair[]): PlannedMerge[] {
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const groups = new Map<string, { place: PlannedPlace; sources: Set<string>; records: number }>();
  const group = (id: string) => {
    let g = groups.get(id);
    if (!g) {
      const place = places.get(id);
      if (!place) throw new Error(`Unknown place ${id} in a matched pair`);
      g = { place, sources: new Set(place.sources), records: place.records };
      groups.set(id, g);
    }
    return g;
  };

  const plan: PlannedMerge[] = [];
  for (const pair of [...pairs].sort(comparePairs)) {
    const ra = root(pair.a);
    const rb = root(pair.b);
    if (ra === rb) continue;
    const ga = group(ra);
    const gb = group(rb);
    if ([...ga.sources].some((s) => gb.sources.has(s))) continue;
    const [target] = chooseTarget({ ...ga.place, records: ga.records }, { ...gb.place, records: gb.records });
    const [gt, gm] = target.id === ra ? [ga, gb] : [gb, ga];
    plan.push({ target: gt.place, merged: gm.place, match: pair.match });
    parent.set(gm.place.id, gt.place.id);
    for (const s of gm.sources) gt.sources.add(s);
    gt.records += gm.records;
  }
  return plan;
}

/**
 * Consecutive runs of merges that can each be applied by one statement: a run ends before a merge
 * that absorbs a place which was the target of a merge in the same run (its records, including
 * those just moved to it, must move after them).
 */
export function chainSegments<T extends { target_id: string; merged_id: string }>(requests: readonly T[]): T[][] {
  const segments: T[][] = [];
  let current: T[] = [];
  let targets = new Set<string>();
  for (const r of requests) {
    if (targets.has(r.merged_id)) {
      segments.push(current);
      current = [];
      targets = new Set();
    }
    current.push(r);
    targets.add(r.target_id);
  }
  if (current.length > 0) segments.push(current);
  return segments;
}
