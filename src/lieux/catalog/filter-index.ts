// Owns the indexes of the catalog and the evaluation of list filters over them. Semantics are
// those of the SQL filters of store/read-lieux.ts (whereClause), checked against them by
// test/lieux/catalog.test.ts: the values of one filter are alternatives, filters combine.
import { normalizeText } from '../../platform/text.ts';
import { ARRAY_FILTERS, type LieuFilters } from '../store/read-lieux.ts';
import { add, emptySet, fromPositions, fullSet, has, intersect, positions, union, type Bitset } from './bitset.ts';
import type { CatalogEntry } from './entry.ts';

const ENUM_FILTERS = {
  ...ARRAY_FILTERS,
  kind: 'kind',
  status: 'status',
} as const satisfies Partial<Record<keyof LieuFilters, keyof CatalogEntry>>;

const AREA_FILTERS = { departement: 'departement_code', epci: 'epci_code', region: 'region_code' } as const;

export type FilterIndex = {
  size: number;
  evaluate(filters: LieuFilters): Bitset;
};

export function buildFilterIndex(entries: readonly CatalogEntry[]): FilterIndex {
  const size = entries.length;
  const enums = new Map<string, Map<string, Bitset>>();
  for (const [filter, column] of Object.entries(ENUM_FILTERS)) {
    const byValue = new Map<string, Bitset>();
    entries.forEach((entry, position) => {
      const value = entry[column];
      for (const v of Array.isArray(value) ? value : [value]) {
        let set = byValue.get(v);
        if (!set) byValue.set(v, (set = emptySet(size)));
        add(set, position);
      }
    });
    enums.set(filter, byValue);
  }
  const areas = new Map<string, Map<string, number[]>>();
  for (const [filter, column] of Object.entries(AREA_FILTERS)) {
    areas.set(filter, groupPositions(entries, (e) => (e[column] ? [e[column]!] : [])));
  }
  // A commune's places include the itinerant services that visit it.
  areas.set('commune', groupPositions(entries, (e) => (e.commune_code ? [e.commune_code, ...e.communes_desservies] : e.communes_desservies)));
  const latitudes = Float64Array.from(entries, (e) => e.latitude ?? Number.NaN);
  const longitudes = Float64Array.from(entries, (e) => e.longitude ?? Number.NaN);
  let trigrams: Map<string, number[]> | undefined;

  /** Keeps the places whose text holds every word (as SQL's LIKE '%word%'). */
  function textMatches(q: string, set: Bitset): Bitset {
    for (const word of normalizeText(q).split(' ').filter((w) => w.length > 0)) {
      // The rarest trigram of the word narrows the places to check; short words check them all.
      let candidates: Iterable<number> = positions(set);
      if (word.length >= 3) {
        trigrams ??= buildTrigrams(entries);
        let rarest: readonly number[] | undefined;
        for (let i = 0; i + 3 <= word.length; i++) {
          const list = trigrams.get(word.slice(i, i + 3)) ?? [];
          if (!rarest || list.length < rarest.length) rarest = list;
        }
        candidates = rarest!;
      }
      const kept = emptySet(size);
      for (const p of candidates) if (has(set, p) && entries[p]!.search_text.includes(word)) add(kept, p);
      set = kept;
    }
    return set;
  }

  return {
    size,
    evaluate(filters) {
      const set = fullSet(size);
      for (const filter of ['commune', 'departement', 'epci', 'region'] as const) {
        const code = filters[filter];
        if (code) intersect(set, fromPositions(size, areas.get(filter)!.get(code) ?? []));
      }
      for (const filter of Object.keys(ENUM_FILTERS) as (keyof typeof ENUM_FILTERS)[]) {
        const values = filters[filter];
        if (!values?.length) continue;
        const byValue = enums.get(filter)!;
        intersect(set, union(size, values.flatMap((v) => byValue.get(v) ?? [])));
      }
      if (filters.bbox) {
        const [w, s, e, n] = filters.bbox;
        for (let p = 0; p < size; p++) {
          const lat = latitudes[p]!, lon = longitudes[p]!;
          // NaN (no position) fails every comparison, as NULL does in SQL.
          if (!(lon >= w && lon <= e && lat >= s && lat <= n)) set[p >>> 5]! &= ~(1 << (p & 31));
        }
      }
      return filters.q?.trim() ? textMatches(filters.q, set) : set;
    },
  };
}

function groupPositions(entries: readonly CatalogEntry[], keys: (e: CatalogEntry) => string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  entries.forEach((entry, position) => {
    for (const key of new Set(keys(entry))) {
      const list = groups.get(key);
      if (list) list.push(position);
      else groups.set(key, [position]);
    }
  });
  return groups;
}

function buildTrigrams(entries: readonly CatalogEntry[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  entries.forEach((entry, position) => {
    const text = entry.search_text;
    const seen = new Set<string>();
    for (let i = 0; i + 3 <= text.length; i++) seen.add(text.slice(i, i + 3));
    for (const t of seen) {
      const list = index.get(t);
      if (list) list.push(position);
      else index.set(t, [position]);
    }
  });
  return index;
}
