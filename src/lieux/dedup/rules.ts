// Owns the rules that decide whether two places are probably the same one, and their thresholds
// (see docs/decisions/007-duplicate-detection.md). Pure: places come in as plain values.
import { distanceMeters } from './geo.ts';
import { addressSimilarity, nameSimilarity } from './similarity.ts';

/** Rule (b): closer than this, on the ground. */
export const MAX_DISTANCE_M = 100;
/** Rule (b): names at least this similar (pg_trgm similarity of nameKey). */
export const MIN_NAME_SIMILARITY = 0.6;
/** Rule (b): street addresses at least this similar (pg_trgm similarity of addressKey). */
export const MIN_ADDRESS_SIMILARITY = 0.5;
/** Rule (a): a shared SIRET/RNA counts only for places this close, or in the same commune or postcode. */
export const MAX_PIVOT_DISTANCE_M = 2000;
/** Rule (a): a pivot carried by more visible places than this identifies a network, not a place. */
export const MAX_PIVOT_GROUP = 10;

export type MatchReason = 'same_pivot' | 'proximity' | 'manual';

export type PlaceForMatching = {
  id: string;
  nom: string;
  voie: string;
  code_postal: string | null;
  commune_code: string | null;
  latitude: number | null;
  longitude: number | null;
  pivot: string | null;
  /** Names of the sources of the place's records. */
  sources: readonly string[];
};

export type Match = {
  reason: MatchReason;
  distance_m: number | null;
  name_similarity: number;
  address_similarity: number;
};

/** Placeholder pivots (all one digit, like the demo dataset's '00000000000000') identify nothing. */
export function isPlaceholderPivot(pivot: string | null | undefined): boolean {
  const p = (pivot ?? '').replace(/\s/g, '');
  return p === '' || /^(\d)\1*$/.test(p);
}

export function placeDistance(a: PlaceForMatching, b: PlaceForMatching): number | null {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return null;
  return distanceMeters({ latitude: a.latitude, longitude: a.longitude }, { latitude: b.latitude, longitude: b.longitude });
}

/** What the rules say about two places, whatever their sources: the measures, and the reason if they match. */
export function measure(a: PlaceForMatching, b: PlaceForMatching): Omit<Match, 'reason'> {
  return {
    distance_m: placeDistance(a, b),
    name_similarity: nameSimilarity(a.nom, b.nom),
    address_similarity: addressSimilarity(a.voie, b.voie),
  };
}

/**
 * Are a and b probably the same place? Never when a source is common to both (a source is
 * trusted to list a place once: two of its records side by side are two services). Then:
 * (a) same real pivot, in the same area; or (b) closer than MAX_DISTANCE_M with a similar name
 * and a similar street address. `pivotUsable` says whether the pivot is unique within each of
 * the sources that carry it (decided over all places, see usablePivots).
 */
export function matchPlaces(a: PlaceForMatching, b: PlaceForMatching, pivotUsable: (pivot: string) => boolean = () => true): Match | undefined {
  if (a.id === b.id || a.sources.some((s) => b.sources.includes(s))) return undefined;
  const distance = placeDistance(a, b);
  const samePivot = a.pivot !== null && a.pivot === b.pivot && !isPlaceholderPivot(a.pivot) && pivotUsable(a.pivot);
  if (samePivot) {
    const sameArea = (distance !== null && distance <= MAX_PIVOT_DISTANCE_M)
      || (a.commune_code !== null && a.commune_code === b.commune_code)
      || (a.code_postal !== null && a.code_postal === b.code_postal);
    if (sameArea) return { reason: 'same_pivot', ...measure(a, b) };
  }
  if (distance === null || distance >= MAX_DISTANCE_M) return undefined;
  // Cheapest test first: most neighbours have another name.
  if (nameSimilarity(a.nom, b.nom) < MIN_NAME_SIMILARITY) return undefined;
  const m = measure(a, b);
  return m.address_similarity >= MIN_ADDRESS_SIMILARITY ? { reason: 'proximity', ...m } : undefined;
}

/**
 * The pivots that may identify a place: real (not placeholders), carried by at most
 * MAX_PIVOT_GROUP places, and by at most one place of any source. A source that gives the same
 * SIRET to several places is giving its parent structure's SIRET, not the place's.
 */
export function usablePivots(places: readonly PlaceForMatching[]): Set<string> {
  const bySource = new Map<string, Map<string, number>>();
  const placesByPivot = new Map<string, number>();
  for (const place of places) {
    if (place.pivot === null || isPlaceholderPivot(place.pivot)) continue;
    placesByPivot.set(place.pivot, (placesByPivot.get(place.pivot) ?? 0) + 1);
    const counts = bySource.get(place.pivot) ?? bySource.set(place.pivot, new Map()).get(place.pivot)!;
    for (const source of new Set(place.sources)) counts.set(source, (counts.get(source) ?? 0) + 1);
  }
  const usable = new Set<string>();
  for (const [pivot, n] of placesByPivot) {
    if (n >= 2 && n <= MAX_PIVOT_GROUP && [...bySource.get(pivot)!.values()].every((c) => c === 1)) usable.add(pivot);
  }
  return usable;
}
