// Owns finding the commune of an address: by INSEE code (current or former), else by postcode
// and name, else by name alone in the postcode's département. Territories are reference data,
// loaded once per database handle.
import type { Queryable } from '../platform/db.ts';
import { normalizeCommuneName } from '../platform/text.ts';

export type CommuneRef = { code: string; nom: string; departement_code: string; region_code: string; epci_code: string | null };

export type CommuneResolver = {
  byCode(code: string): CommuneRef | undefined;
  resolve(adresse: { code_insee?: string; code_postal?: string; commune?: string }): CommuneRef | undefined;
};

const cache = new WeakMap<object, Promise<CommuneResolver>>();

export function communeResolver(db: Queryable): Promise<CommuneResolver> {
  let resolver = cache.get(db);
  if (!resolver) {
    resolver = loadResolver(db);
    cache.set(db, resolver);
  }
  return resolver;
}

async function loadResolver(db: Queryable): Promise<CommuneResolver> {
  const communes = await db.query<CommuneRef & { nom_normalise: string; codes_postaux: string[] }>(
    'SELECT code, nom, nom_normalise, departement_code, region_code, epci_code, codes_postaux FROM communes',
  );
  const historiques = await db.query<{ code: string; nom: string; commune_code: string }>('SELECT code, nom, commune_code FROM communes_historiques');
  const byCode = new Map(communes.map((c) => [c.code, c] as const));
  const byPostcode = new Map<string, (CommuneRef & { nom_normalise: string })[]>();
  const byName = new Map<string, CommuneRef[]>();
  const add = <K, V>(map: Map<K, V[]>, key: K, value: V) => (map.get(key) ?? map.set(key, []).get(key)!).push(value);
  for (const c of communes) {
    for (const cp of c.codes_postaux) add(byPostcode, cp, c);
    add(byName, c.nom_normalise, c);
  }
  const former = new Map<string, CommuneRef>();
  for (const h of historiques) {
    const current = byCode.get(h.commune_code);
    if (!current) continue;
    if (!byCode.has(h.code)) former.set(h.code, current);
    // A delegated commune keeps its name in addresses: "Saint-Martin-le-Vinoux" style lookups.
    add(byName, normalizeCommuneName(h.nom), current);
  }

  const codeLookup = (code: string) => byCode.get(code) ?? former.get(code);
  return {
    byCode: codeLookup,
    resolve({ code_insee, code_postal, commune }) {
      if (code_insee) {
        const found = codeLookup(code_insee.padStart(5, '0'));
        if (found) return found;
      }
      const name = commune ? normalizeCommuneName(commune) : undefined;
      const candidates = code_postal ? byPostcode.get(code_postal) ?? [] : [];
      if (name) {
        const exact = candidates.find((c) => c.nom_normalise === name);
        if (exact) return exact;
        const dep = code_postal ? departementOfPostcode(code_postal) : undefined;
        const named = (byName.get(name) ?? []).filter((c) => !dep || c.departement_code === dep);
        if (named.length === 1) return named[0];
        // Arrondissements and CEDEX: "Lyon 3e" → "lyon"
        const head = name.replace(/ \d+(e|er|eme)?$/, '');
        const partial = candidates.find((c) => c.nom_normalise === head);
        if (partial) return partial;
      }
      return candidates.length === 1 ? candidates[0] : undefined;
    },
  };
}

function departementOfPostcode(cp: string): string | undefined {
  if (cp.startsWith('97')) return cp.slice(0, 3);
  if (cp.startsWith('20')) return undefined; // Corsica: 2A or 2B, decided by the name match
  return cp.slice(0, 2);
}
