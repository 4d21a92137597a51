// Owns the reading of opening hours written in OpenStreetMap's opening_hours syntax, through the
// `opening_hours` library (the reference implementation used by OSM tools).
import OpeningHours from 'opening_hours';

/**
 * Returns the canonical form of an opening_hours value, or throws a French error naming the value.
 * Tolerant input that the library understands ("lundi 9h-12h") is rewritten in canonical syntax.
 */
export function normalizeOpeningHours(value: string): string {
  let parsed: OpeningHours;
  try {
    parsed = new OpeningHours(value, null, { mode: 0 } as never);
  } catch (error) {
    const detail = String(error).split('<---')[1]?.replace(/[()]/g, '').trim();
    throw new Error(`Les horaires « ${value} » ne sont pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00 »)${detail ? ` : ${detail}` : ''}.`);
  }
  return parsed.prettifyValue();
}
