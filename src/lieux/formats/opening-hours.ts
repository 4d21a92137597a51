// Owns the reading of opening hours written in OpenStreetMap's opening_hours syntax, through the
// `opening_hours` library (the reference implementation used by OSM tools).
import OpeningHours from 'opening_hours';

/**
 * Returns the canonical form of an opening_hours value, or throws a French error naming the value.
 * Tolerant input that the library understands ("lundi 9h-12h") is rewritten in canonical syntax.
 */
export function normalizeOpeningHours(value: string): string {
  try {
    // locale 'fr': the library's own explanation of a syntax error comes in French…
    const normalized = parse(value, 'fr').prettifyValue();
    // The library accepts some values that mean nothing ("H") and prettifies them to ''.
    if (normalized.trim() === '') throw new Error('empty');
    return normalized;
  } catch (error) {
    // …when it has a translation: an explanation that reads the same in English is left out.
    let detail = libraryDetail(String(error));
    const english = detail === undefined ? undefined : errorOf(() => parse(value, 'en'));
    if (detail !== undefined && english !== undefined && libraryDetail(english) === detail) detail = undefined;
    throw new Error(`Les horaires « ${value} » ne sont pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00 »)${detail ? ` : ${detail}` : ''}.`);
  }
}

const parse = (value: string, locale: string) => new OpeningHours(value, null, { mode: 0, locale } as never);

function errorOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return String(error);
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
