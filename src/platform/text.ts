// Text helpers shared by every domain: the one way we compare names typed by people.

/** Lower case, no accents, punctuation and spaces collapsed: "Saint-Martin-d'Hères" → "saint martin d heres". */
export function normalizeText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Normalised commune name where "St"/"Ste" are spelled out, so files that abbreviate still match. */
export function normalizeCommuneName(value: string): string {
  return normalizeText(value)
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bcedex( \d+)?$/g, '')
    .trim();
}
