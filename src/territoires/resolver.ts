// Owns finding the commune of an address: by INSEE code (current or former), else by postcode
// and name, else by name alone in the postcode's département. Territories are reference data,
// loaded once per database handle.
import type { Queryable } from '../platform/db.ts';
import { normalizeCommuneName } from '../platform/text.ts';
import { pushTo } from '../platform/collections.ts';
import { readCommuneSnapshot } from './commune-snapshot.ts';

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
  const { communes, historiques } = await readCommuneSnapshot(db);
  const byCode = new Map(communes.map((c) => [c.code, c] as const));
  const byPostcode = new Map<string, (CommuneRef & { nom_normalise: string })[]>();
  const byName = new Map<string, CommuneRef[]>();
  for (const c of communes) {
    for (const cp of c.codes_postaux) pushTo(byPostcode, cp, c);
    pushTo(byName, c.nom_normalise, c);
  }
  const former = new Map<string, CommuneRef>();
  for (const h of historiques) {
    const current = byCode.get(h.commune_code);
    if (!current) continue;
    if (!byCode.has(h.code)) former.set(h.code, current);
    // A delegated commune keeps its name in addresses: "Saint-Martin-le-Vinoux" style lookups.
    pushTo(byName, normalizeCommuneName(h.nom), current);
  }

  const codeLookup = (code: string) => byCode.get(code) ?? former.get(code);
  return {
    byCode: codeLookup,
    resolve({ code_insee, code_postal, commune }) {
      if (code_insee) {
        const found = codeLookup(code_insee.padStart(5, '0'));
        if (found) return found;
      }
      const candidates = code_postal ? byPostcode.get(code_postal) ?? [] : [];
      if (!commune) return candidates.length === 1 ? candidates[0] : undefined;
      const name = normalizeCommuneName(commune);
      const dep = code_postal ? departementOfPostcode(code_postal) : undefined;
      const inDep = (list: CommuneRef[] | undefined) => unique((list ?? []).filter((c) => !dep || c.departement_code === dep));
      // From the most to the least certain; each step only answers when it finds exactly one commune.
      const steps: (() => CommuneRef[])[] = [
        () => candidates.filter((c) => c.nom_normalise === name),
        () => candidates.filter((c) => compact(c.nom_normalise) === compact(name)),
        () => inDep(byName.get(name)),
        () => inDep(byName.get(withoutArticle(name))),
        () => candidates.filter((c) => withoutArticle(c.nom_normalise) === withoutArticle(name)),
        // "Sciez-sur-Léman" for Sciez, "Loriol" for Loriol-sur-Drôme, "Lyon 3e" for Lyon.
        () => candidates.filter((c) => startsWithWords(name, c.nom_normalise) || startsWithWords(c.nom_normalise, withoutArticle(name))),
        () => candidates,
      ];
      for (const step of steps) {
        const found = unique(step());
        if (found.length === 1) return found[0];
      }
      return undefined;
    },
  };
}

const compact = (name: string) => name.replaceAll(' ', '');
const withoutArticle = (name: string) => name.replace(/^(le|la|les|l) /, '');
const startsWithWords = (text: string, prefix: string) => text === prefix || text.startsWith(`${prefix} `);
const unique = <T extends { code: string }>(list: T[]) => [...new Map(list.map((c) => [c.code, c])).values()];

function departementOfPostcode(cp: string): string | undefined {
  if (cp.startsWith('97')) return cp.slice(0, 3);
  if (cp.startsWith('20')) return undefined; // Corsica: 2A or 2B, decided by the name match
  return cp.slice(0, 2);
}
