// Owns the coverage of the offer (issue 5, point 4): places per 10,000 inhabitants, the
// population living in a commune with no place, and for each kind of place (any place, a free
// place with accompaniment, each service of the national standard) the straight-line distance
// from each commune's inner point to the nearest one, with the population at 10 / 20 km or more.
//
// Where a place counts:
//   - it is present in its commune (commune_code) and in every commune its itinerant service
//     visits (communes_desservies), each place once per territory;
//   - distances are great-circle distances to located places; a commune visited by an itinerant
//     service of that kind, or holding a place of that kind without coordinates, is at 0 km
//     (places without coordinates count in their commune only). A located place in the commune is
//     at its true distance from the inner point, like any other.
// The nearest place is found with a k-d tree over points on the unit sphere (3D chord distance
// orders points exactly as the great-circle distance does), built once per kind of place, and
// queried for the communes in Morton order with the previous commune's nearest place as the
// first bound: no double loop over communes × places. Pure, no I/O.
import { SERVICES } from '../lieux/domain/enums.ts';
import type { ObservatoireConfig } from './indicators/config.ts';
import { LEVELS, type Level, type PlaceInput } from './model.ts';
import type { Levels } from './aggregate.ts';

const EARTH_RADIUS_KM = 6371.0088;

export type CoverageTarget = {
  key: string;
  label: string;
  /** The service of the national standard the target is, if it is one. */
  service?: string;
  matches: (place: PlaceInput) => boolean;
};

/** The kinds of places distances are measured to, in display order. */
export const COVERAGE_TARGETS: readonly CoverageTarget[] = [
  { key: 'tout_lieu', label: 'Tout lieu d’inclusion numérique', matches: () => true },
  { key: 'gratuit_accompagne', label: 'Lieu gratuit proposant un accompagnement', matches: (p) => p.free && p.accompanied },
  ...SERVICES.values.map((service): CoverageTarget => ({ key: service, label: service, service, matches: (p) => p.services.includes(service) })),
];

export const DISTANCE_NONE = 0;
/** The commune has no position and no place of that kind at 0 km (itinerant stop, place without position): distance unknown. */
export const DISTANCE_NO_POSITION = 1;
/** No place of that kind anywhere: beyond every threshold. */
export const DISTANCE_NO_PLACE = 2;

export type TargetDistances = {
  /** Per commune, km; NaN when unknown (see missing). */
  distance: Float64Array;
  /** Per commune, index in the sorted place list of the nearest place, -1 when none. */
  place: Int32Array;
  missing: Uint8Array;
};

export type LevelCoverage = {
  /** Distinct places present in each territory. */
  places: Int32Array;
  populationWithoutPlace: Float64Array;
  communesWithoutPlace: Int32Array;
  /** By target key: distinct places of that kind present in each territory. */
  targetPlaces: ReadonlyMap<string, Int32Array>;
  /** By target key: population-weighted mean distance (known distances), population beyond each threshold, population of unknown distance. */
  targets: ReadonlyMap<string, { meanDistance: Float64Array; populationBeyond: Float64Array[]; populationUnknown: Float64Array }>;
};

export type CoverageResult = {
  /** The places in id order (indices used by TargetDistances.place). */
  places: readonly PlaceInput[];
  /** Per commune and target, the nearest place. */
  communeDistances: ReadonlyMap<string, TargetDistances>;
  levels: Record<Level, LevelCoverage>;
  counts: { places: number; located: number; itinerant: number; withoutPosition: number; outsideCommunes: number };
};

// ---------------------------------------------------------------------------------------------
// Spatial index: a k-d tree over unit vectors, leaves of up to LEAF points, split on the axis of
// largest spread at the median. Points are stored in tree order.

const LEAF = 8;

type UnitPoints = { x: Float64Array; y: Float64Array; z: Float64Array };

/** The unit vector of a latitude/longitude, written at position i of three arrays. */
export function unitInto(lat: number, lon: number, x: Float64Array, y: Float64Array, z: Float64Array, i: number): void {
  const phi = (lat * Math.PI) / 180;
  const lambda = (lon * Math.PI) / 180;
  const c = Math.cos(phi);
  x[i] = c * Math.cos(lambda);
  y[i] = c * Math.sin(lambda);
  z[i] = Math.sin(phi);
}

export class SphereKdTree {
  readonly size: number;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly z: Float64Array;
  /** The caller's index of each point, in tree order. */
  private readonly ids: Int32Array;
  /** Split axis of the node whose median sits at position m (0 x, 1 y, 2 z). */
  private readonly axis: Uint8Array;
  private bestD = Infinity;
  private bestI = -1;
  private qx = 0;
  private qy = 0;
  private qz = 0;

  /** The points of `ids` (indices into the coordinate arrays of `points`). */
  constructor(points: UnitPoints, ids: Int32Array) {
    const n = ids.length;
    this.size = n;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const coords = [new Float64Array(n), new Float64Array(n), new Float64Array(n)] as const;
    for (let e = 0; e < n; e++) {
      coords[0][e] = points.x[ids[e]!]!;
      coords[1][e] = points.y[ids[e]!]!;
      coords[2][e] = points.z[ids[e]!]!;
    }
    this.axis = new Uint8Array(n);
    const build = (lo: number, hi: number) => {
      if (hi - lo <= LEAF) return;
      let best = 0;
      let spread = -1;
      for (let a = 0; a < 3; a++) {
        const c = coords[a]!;
        let min = Infinity;
        let max = -Infinity;
        for (let k = lo; k < hi; k++) {
          const v = c[order[k]!]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        if (max - min > spread) {
          spread = max - min;
          best = a;
        }
      }
      const mid = (lo + hi) >>> 1;
      select(order, coords[best]!, lo, hi - 1, mid);
      this.axis[mid] = best;
      build(lo, mid);
      build(mid + 1, hi);
    };
    build(0, n);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.z = new Float64Array(n);
    this.ids = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const e = order[k]!;
      this.x[k] = coords[0][e]!;
      this.y[k] = coords[1][e]!;
      this.z[k] = coords[2][e]!;
      this.ids[k] = ids[e]!;
    }
  }

  /**
   * The caller's index of the point nearest to (x, y, z) (its squared chord distance is then in
   * `chord2`); `bound` (a squared chord known to be reached by point `boundId`, or Infinity)
   * prunes the search; -1 when no point is nearer than the bound.
   */
  nearest(x: number, y: number, z: number, bound = Infinity, boundId = -1): number {
    this.qx = x;
    this.qy = y;
    this.qz = z;
    this.bestD = bound;
    this.bestI = boundId;
    if (this.size > 0) this.search(0, this.size);
    return this.bestI;
  }

  /** The squared chord distance of the last nearest() answer. */
  get chord2(): number {
    return this.bestD;
  }

  private search(lo: number, hi: number): void {
    if (hi - lo <= LEAF) {
      for (let k = lo; k < hi; k++) this.visit(k);
      return;
    }
    const mid = (lo + hi) >>> 1;
    const a = this.axis[mid]!;
    const diff = a === 0 ? this.qx - this.x[mid]! : a === 1 ? this.qy - this.y[mid]! : this.qz - this.z[mid]!;
    this.visit(mid);
    if (diff < 0) {
      this.search(lo, mid);
      if (diff * diff <= this.bestD) this.search(mid + 1, hi);
    } else {
      this.search(mid + 1, hi);
      if (diff * diff <= this.bestD) this.search(lo, mid);
    }
  }

  private visit(k: number): void {
    const dx = this.qx - this.x[k]!;
    const dy = this.qy - this.y[k]!;
    const dz = this.qz - this.z[k]!;
    const d = dx * dx + dy * dy + dz * dz;
    // Equal distances: the lower caller index wins, so the answer does not depend on the tree.
    if (d < this.bestD || (d === this.bestD && this.ids[k]! < this.bestI)) {
      this.bestD = d;
      this.bestI = this.ids[k]!;
    }
  }
}

/** Quickselect: order[k] gets the k-th smallest coordinate of [lo, hi], smaller ones before it. */
function select(order: Int32Array, c: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const pivot = c[order[(lo + hi) >>> 1]!]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (c[order[i]!]! < pivot) i++;
      while (c[order[j]!]! > pivot) j--;
      if (i <= j) {
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

export const chordToKm = (chord2: number) => 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(chord2) / 2));

/** Interleaved bits of the quantised latitude and longitude: nearby communes get nearby keys. */
function mortonKey(lat: number, lon: number): number {
  const spread = (v: number) => {
    let x = v & 0xffff;
    x = (x | (x << 8)) & 0x00ff00ff;
    x = (x | (x << 4)) & 0x0f0f0f0f;
    x = (x | (x << 2)) & 0x33333333;
    x = (x | (x << 1)) & 0x55555555;
    return x >>> 0;
  };
  const a = Math.floor(((lat + 90) / 180) * 65535);
  const b = Math.floor(((lon + 180) / 360) * 65535);
  return spread(a) * 2 + spread(b);
}

// ---------------------------------------------------------------------------------------------

const byId = (a: PlaceInput, b: PlaceInput) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const located = (p: PlaceInput) => p.latitude !== null && p.longitude !== null && Number.isFinite(p.latitude) && Number.isFinite(p.longitude);

export function computeCoverage(levels: Levels, inputPlaces: readonly PlaceInput[], config: ObservatoireConfig): CoverageResult {
  const { communes } = levels;
  const n = communes.length;
  const communeIndex = levels.tables.commune.indexOf;
  const places = [...inputPlaces].sort(byId);

  // Where each place is present (communes it is in or visits) and where it is at 0 km (its
  // itinerant stops, and its commune when it has no coordinates), as CSR lists.
  const located_ = Uint8Array.from(places, (p) => (located(p) ? 1 : 0));
  const presentStart = new Int32Array(places.length + 1);
  const zeroStart = new Int32Array(places.length + 1);
  const presentList: number[] = [];
  const zeroList: number[] = [];
  let outsideCommunes = 0;
  let itinerant = 0;
  places.forEach((p, j) => {
    presentStart[j] = presentList.length;
    zeroStart[j] = zeroList.length;
    const home = p.commune_code === null ? undefined : communeIndex.get(p.commune_code);
    const from = presentList.length;
    if (home !== undefined) {
      presentList.push(home);
      if (!located_[j]) zeroList.push(home);
    }
    let visits = 0;
    for (const code of p.communes_desservies) {
      const i = communeIndex.get(code);
      if (i === undefined) continue;
      visits++;
      if (!presentList.includes(i, from)) presentList.push(i);
      if (!zeroList.includes(i, zeroStart[j])) zeroList.push(i);
    }
    if (visits > 0) itinerant++;
    if (presentList.length === from) outsideCommunes++;
  });
  presentStart[places.length] = presentList.length;
  zeroStart[places.length] = zeroList.length;
  const present = Int32Array.from(presentList);
  const zero = Int32Array.from(zeroList);

  // Which coverage targets each place is of, as a bit mask (bit k = COVERAGE_TARGETS[k], 11 of 31 bits used).
  const kinds = new Uint32Array(places.length);
  const serviceBit = new Map<string, number>();
  COVERAGE_TARGETS.forEach((target, k) => {
    if (target.service) serviceBit.set(target.service, 1 << k);
  });
  places.forEach((p, j) => {
    let mask = 0;
    COVERAGE_TARGETS.forEach((target, k) => {
      if (!target.service && target.matches(p)) mask |= 1 << k;
    });
    for (const s of p.services) mask |= serviceBit.get(s) ?? 0;
    kinds[j] = mask;
  });

  // Unit vectors of the located places and of the communes; communes in Morton order.
  const px = new Float64Array(places.length);
  const py = new Float64Array(places.length);
  const pz = new Float64Array(places.length);
  places.forEach((p, j) => {
    if (located_[j]) unitInto(p.latitude!, p.longitude!, px, py, pz, j);
  });
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  const cz = new Float64Array(n);
  const positionedList: number[] = [];
  const keys = new Float64Array(n);
  communes.forEach((c, i) => {
    if (c.latitude === null || c.longitude === null || !Number.isFinite(c.latitude) || !Number.isFinite(c.longitude)) return;
    unitInto(c.latitude, c.longitude, cx, cy, cz, i);
    keys[i] = mortonKey(c.latitude, c.longitude);
    positionedList.push(i);
  });
  const positioned = Int32Array.from(positionedList.sort((a, b) => keys[a]! - keys[b]! || a - b));

  const communeDistances = new Map<string, TargetDistances>();
  // Communes where some place is present (its commune or an itinerant stop): the others are "without place".
  const anyPresence = new Uint8Array(n);
  for (let k = 0; k < present.length; k++) anyPresence[present[k]!] = 1;
  COVERAGE_TARGETS.forEach((target, kind) => {
    const bit = 1 << kind;
    const members: number[] = [];
    const distance = new Float64Array(n).fill(Number.NaN);
    const place = new Int32Array(n).fill(-1);
    const missing = new Uint8Array(n);
    for (let j = 0; j < places.length; j++) {
      if ((kinds[j]! & bit) === 0) continue;
      for (let k = zeroStart[j]!; k < zeroStart[j + 1]!; k++) {
        const i = zero[k]!;
        if (place[i] === -1) {
          distance[i] = 0;
          place[i] = j;
        }
      }
      if (located_[j]) members.push(j);
    }
    const tree = new SphereKdTree({ x: px, y: py, z: pz }, Int32Array.from(members));
    let previous = -1;
    for (let q = 0; q < positioned.length && tree.size > 0; q++) {
      const i = positioned[q]!;
      if (place[i] !== -1) continue; // at 0 km
      let bound = Infinity;
      if (previous >= 0) {
        const dx = cx[i]! - px[previous]!;
        const dy = cy[i]! - py[previous]!;
        const dz = cz[i]! - pz[previous]!;
        // Slightly enlarged so that an equally near place with a lower index can still win.
        bound = (dx * dx + dy * dy + dz * dz) * (1 + 1e-12) + 1e-300;
      }
      const j = tree.nearest(cx[i]!, cy[i]!, cz[i]!, bound);
      const found = j >= 0 ? j : previous;
      place[i] = found;
      distance[i] = chordToKm(j >= 0 ? tree.chord2 : bound);
      previous = found;
    }
    for (let i = 0; i < n; i++) {
      if (place[i] !== -1) continue;
      missing[i] = tree.size === 0 ? DISTANCE_NO_PLACE : DISTANCE_NO_POSITION;
    }
    communeDistances.set(target.key, { distance, place, missing });
  });

  // Per level: distinct places, population without place, distances.
  const population = Float64Array.from(communes, (c) => c.population);
  const thresholds = config.distance_thresholds_km;
  const levelsOut = {} as Record<Level, LevelCoverage>;
  for (const level of LEVELS) {
    const table = levels.tables[level];
    const of = levels.territoryOf[level];
    const count = table.codes.length;
    // Each place once per territory, for all places and per kind.
    const placeCount = new Int32Array(count);
    const targetPlaces = new Map(COVERAGE_TARGETS.map((target) => [target.key, new Int32Array(count)]));
    const targetColumns = COVERAGE_TARGETS.map((target) => targetPlaces.get(target.key)!);
    const mark = new Int32Array(count).fill(-1);
    for (let j = 0; j < places.length; j++) {
      const mask = kinds[j]!;
      for (let m = presentStart[j]!; m < presentStart[j + 1]!; m++) {
        const t = of[present[m]!]!;
        if (t < 0 || mark[t] === j) continue;
        mark[t] = j;
        placeCount[t]++;
        for (let k = 0; k < targetColumns.length; k++) if (mask & (1 << k)) targetColumns[k]![t]++;
      }
    }
    const populationWithoutPlace = new Float64Array(count);
    const communesWithoutPlace = new Int32Array(count);
    for (let i = 0; i < n; i++) {
      const t = of[i]!;
      if (t < 0 || anyPresence[i]) continue;
      populationWithoutPlace[t] += communes[i]!.population;
      communesWithoutPlace[t]++;
    }
    const targets = new Map<string, { meanDistance: Float64Array; populationBeyond: Float64Array[]; populationUnknown: Float64Array }>();
    for (const target of COVERAGE_TARGETS) {
      const { distance, missing } = communeDistances.get(target.key)!;
      const sum = new Float64Array(count);
      const weight = new Float64Array(count);
      const known = new Uint8Array(count);
      const populationBeyond = thresholds.map(() => new Float64Array(count));
      const populationUnknown = new Float64Array(count);
      for (let i = 0; i < n; i++) {
        const t = of[i]!;
        if (t < 0) continue;
        const pop = population[i]!;
        if (missing[i] === DISTANCE_NO_POSITION) {
          populationUnknown[t] += pop;
          continue;
        }
        if (missing[i] === DISTANCE_NO_PLACE) {
          for (const column of populationBeyond) column[t] += pop;
          continue;
        }
        const d = distance[i]!;
        known[t] = 1;
        sum[t] += d * pop;
        weight[t] += pop;
        for (let k = 0; k < thresholds.length; k++) if (d >= thresholds[k]!) populationBeyond[k]![t] += pop;
      }
      // A territory with no inhabitant in a known-distance commune: the plain mean of its communes.
      const meanDistance = new Float64Array(count).fill(Number.NaN);
      for (let t = 0; t < count; t++) {
        if (weight[t]! > 0) meanDistance[t] = sum[t]! / weight[t]!;
        else if (known[t]) meanDistance[t] = plainMean(table.memberStart[t]!, table.memberStart[t + 1]!, table.memberIndex, distance);
      }
      targets.set(target.key, { meanDistance, populationBeyond, populationUnknown });
    }
    levelsOut[level] = { places: placeCount, populationWithoutPlace, communesWithoutPlace, targetPlaces, targets };
  }

  const locatedCount = located_.reduce((a, b) => a + b, 0);
  return {
    places,
    communeDistances,
    levels: levelsOut,
    counts: { places: places.length, located: locatedCount, itinerant, withoutPosition: places.length - locatedCount, outsideCommunes },
  };
}

function plainMean(from: number, to: number, memberIndex: Int32Array, distance: Float64Array): number {
  let sum = 0;
  let k = 0;
  for (let m = from; m < to; m++) {
    const d = distance[memberIndex[m]!]!;
    if (Number.isNaN(d)) continue;
    sum += d;
    k++;
  }
  return k > 0 ? sum / k : Number.NaN;
}
