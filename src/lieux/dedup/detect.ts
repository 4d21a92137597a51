// Owns the detection use case: among visible places, the probable duplicates coming from
// different sources, as the ordered list of merges that would join them. Reads only.
import type { Queryable } from '../../platform/db.ts';
import { findCandidates, pairKey } from './find-candidates.ts';
import { planMerges, type MatchedPair, type PlannedMerge } from './plan.ts';
import { MAX_DISTANCE_M, matchPlaces, usablePivots } from './rules.ts';

export async function detectDuplicates(db: Queryable): Promise<PlannedMerge[]> {
  const candidates = await findCandidates(db, MAX_DISTANCE_M);
  const pivotPlaces = candidates.pivotPlaceIds.map((id) => candidates.places.get(id)).filter((p) => p !== undefined);
  const usable = usablePivots(pivotPlaces);
  const matched: MatchedPair[] = [];
  for (const [a, b] of candidates.pairs) {
    if (candidates.rejected.has(pairKey(a, b))) continue;
    const match = matchPlaces(candidates.places.get(a)!, candidates.places.get(b)!, (pivot) => usable.has(pivot));
    if (match) matched.push({ a, b, match });
  }
  return planMerges(candidates.places, matched);
}
