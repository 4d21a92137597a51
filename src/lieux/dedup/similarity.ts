// Owns how alike two names or two street addresses are, as a number from 0 (nothing in common) to
// 1 (same text once normalised). Pure functions, no I/O.
//
// The measure is trigram similarity with PostgreSQL pg_trgm's definition, so a score computed here
// equals `similarity(a, b)` in SQL on the same keys: each word is padded with two spaces in front
// and one behind, cut into its 3-character pieces, and the score is |common| / |all| (Jaccard).
// Before that, both texts go through normalizeText (case, accents, punctuation), French filler
// words are dropped and the usual abbreviations are spelled out, so "Médiathèque J.-Jaurès" and
// "MEDIATHEQUE JEAN JAURES" differ only by what really differs.
import { normalizeText } from '../../platform/text.ts';

/** Articles and prepositions that carry no identity ("Espace de la Gare" = "Espace Gare"). */
const FILLER_WORDS = new Set(['le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'et', 'a', 'au', 'aux', 'en', 'sur', 'sous', 'un', 'une']);

/** Abbreviations met in names of places. */
const NAME_ABBREVIATIONS: Record<string, string> = {
  st: 'saint', ste: 'sainte', epn: 'espace public numerique', msap: 'maison services public', mfs: 'maison france services',
  pij: 'point information jeunesse', bij: 'bureau information jeunesse', mjc: 'maison jeunes culture',
};

/** Abbreviations of street types and common words of French addresses (BAN usage). */
const ADDRESS_ABBREVIATIONS: Record<string, string> = {
  r: 'rue', av: 'avenue', ave: 'avenue', bd: 'boulevard', bld: 'boulevard', blvd: 'boulevard', boul: 'boulevard',
  pl: 'place', ch: 'chemin', chem: 'chemin', imp: 'impasse', all: 'allee', rte: 'route', sq: 'square', fg: 'faubourg',
  fbg: 'faubourg', crs: 'cours', qu: 'quai', qua: 'quai', res: 'residence', resid: 'residence', pass: 'passage',
  prom: 'promenade', esp: 'esplanade', lot: 'lotissement', zi: 'zone industrielle', za: 'zone activite',
  zac: 'zone amenagement concerte', st: 'saint', ste: 'sainte', gal: 'general', mal: 'marechal', pdt: 'president',
};

function key(value: string, abbreviations: Record<string, string>): string {
  return normalizeText(value)
    .split(' ')
    .map((word) => abbreviations[word] ?? word)
    .join(' ')
    .split(' ')
    .filter((word) => word !== '' && !FILLER_WORDS.has(word))
    .join(' ');
}

/** Comparable form of a place's name: "EPN de St-Égrève" → "espace public numerique saint egreve". */
export const nameKey = (nom: string): string => key(nom, NAME_ABBREVIATIONS);

/** Comparable form of a street address: "12 bd du Mal Foch" → "12 boulevard marechal foch". */
export const addressKey = (voie: string): string => key(voie, ADDRESS_ABBREVIATIONS);

/** The trigrams of a text already normalised (lower-case ASCII words separated by one space), as pg_trgm cuts them. */
export function trigrams(normalized: string): Set<string> {
  const out = new Set<string>();
  for (const word of normalized.split(' ')) {
    if (word === '') continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** pg_trgm's similarity of two normalised texts: shared trigrams over all trigrams. 0 when either is empty. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}

export const nameSimilarity = (a: string, b: string): number => trigramSimilarity(nameKey(a), nameKey(b));
export const addressSimilarity = (a: string, b: string): number => trigramSimilarity(addressKey(a), addressKey(b));
