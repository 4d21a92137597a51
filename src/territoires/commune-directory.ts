// Owns finding communes from what a person types ("Echirolles", "st martin d'heres", "38130",
// "Échirolles (38130)") and their reference points, in memory: reference data loaded once per
// database handle (territories change only when they are reloaded; loading positions forgets it).
import type { Queryable } from '../platform/db.ts';
import { normalizeCommuneName } from '../platform/text.ts';
import { pushTo } from '../platform/collections.ts';

export type CommuneInfo = {
  code: string;
  nom: string;
  departement_code: string;
  epci_code: string | null;
  codes_postaux: string[];
  population: number | null;
  /** Reference point, when commune positions were loaded (territoires/commune-positions.ts). */
  latitude: number | null;
  longitude: number | null;
};

export type CommuneDirectory = {
  byCode(code: string): CommuneInfo | undefined;
  byPostcode(postcode: string): CommuneInfo[];
  /** Communes named exactly so (after normalisation), then, if none, those whose name starts so; most populated first. */
  byName(text: string): CommuneInfo[];
};

const cache = new WeakMap<object, Promise<CommuneDirectory>>();

export function communeDirectory(db: Queryable): Promise<CommuneDirectory> {
  let directory = cache.get(db);
  if (!directory) cache.set(db, (directory = load(db)));
  return directory;
}

/** Drops the cached directory of this handle (after commune positions are loaded). */
export function forgetCommuneDirectory(db: Queryable): void {
  cache.delete(db);
}

async function load(db: Queryable): Promise<CommuneDirectory> {
  const rows = await db.query<CommuneInfo & { nom_normalise: string }>(
    `SELECT code, nom, nom_normalise, departement_code, epci_code, codes_postaux, population, latitude, longitude
     FROM communes ORDER BY population DESC NULLS LAST, nom`,
  );
  const historiques = await db.query<{ nom: string; commune_code: string }>('SELECT nom, commune_code FROM communes_historiques');
  const byCode = new Map(rows.map((c) => [c.code, c] as const));
  const byPostcode = new Map<string, CommuneInfo[]>();
  const byName = new Map<string, CommuneInfo[]>();
  for (const c of rows) {
    for (const cp of c.codes_postaux) pushTo(byPostcode, cp, c);
    pushTo(byName, c.nom_normalise, c);
  }
  // Former communes keep their name in people's minds ("Saint-Martin-le-Vinoux" style lookups).
  for (const h of historiques) {
    const current = byCode.get(h.commune_code);
    const key = normalizeCommuneName(h.nom);
    if (current && !byName.get(key)?.includes(current)) pushTo(byName, key, current);
  }
  const names = [...byName.keys()].sort();
  const sortByPopulation = (list: CommuneInfo[]) => [...new Set(list)].sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
  return {
    byCode: (code) => byCode.get(code),
    byPostcode: (postcode) => byPostcode.get(postcode) ?? [],
    byName(text) {
      const name = normalizeCommuneName(text);
      if (!name) return [];
      const exact = byName.get(name);
      if (exact) return sortByPopulation(exact);
      // Names starting with the text, found by binary search in the sorted names.
      let low = 0;
      let high = names.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (names[mid]! < name) low = mid + 1;
        else high = mid;
      }
      const found: CommuneInfo[] = [];
      for (let i = low; i < names.length && names[i]!.startsWith(name); i++) found.push(...byName.get(names[i]!)!);
      return sortByPopulation(found);
    },
  };
}
