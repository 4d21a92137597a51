// Owns the reading of opening hours written in OpenStreetMap's opening_hours syntax, through the
// `opening_hours` library (the reference implementation used by OSM tools).
import OpeningHours from 'opening_hours';

/**
 * Returns the canonical form of an opening_hours value, or throws a French error naming the value.
 * Tolerant input that the library understands ("lundi 9h-12h") is rewritten in canonical syntax.
 */
export function normalizeOpeningHours(value: string): string {
  try {
    // locale 'fr': the library's own explanation of a syntax error comes in French.
    return new OpeningHours(value, null, { mode: 0, locale: 'fr' } as never).prettifyValue();
  } catch (error) {
    const detail = libraryDetail(String(error));
    throw new Error(`Les horaires « ${value} » ne sont pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00 »)${detail ? ` : ${detail}` : ''}.`);
  }
}

// The library's errors read "Mo-Fr 25:00 <--- (explanation.) rest <--- (other explanation.)":
// keep the first explanation only, without its final period.
function libraryDetail(message: string): string | undefined {
  const start = message.indexOf('<--- (');
  if (start < 0) return undefined;
  const rest = message.slice(start + '<--- ('.length);
  const next = rest.indexOf(' <--- (');
  const segment = next < 0 ? rest : rest.slice(0, next);
  const end = segment.lastIndexOf(')');
  const detail = (end < 0 ? segment : segment.slice(0, end)).trim().replace(/\.+$/, '');
  return detail === '' ? undefined : detail;
}
