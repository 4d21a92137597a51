// Owns the reading of opening hours written in OpenStreetMap's opening_hours syntax, through the
// `opening_hours` library (the reference implementation used by OSM tools), with a fast path for
// the canonical values most files hold and a bounded memo of the library's answers.
import OpeningHours from 'opening_hours';

/**
 * Returns the canonical form of an opening_hours value, or throws a French error naming the value.
 * Tolerant input that the library understands ("lundi 9h-12h") is rewritten in canonical syntax.
 */
export function normalizeOpeningHours(value: string): string {
  // Parsing with the library costs 1–3 ms a value; an import reads tens of thousands of them.
  if (isCanonicalCommonValue(value)) return value;
  let answer = memo.get(value);
  if (answer === undefined) {
    answer = libraryAnswer(value);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
    memo.set(value, answer);
  }
  if ('error' in answer) throw new Error(answer.error);
  return answer.normalized;
}

// ---------------------------------------------------------------------------------------------
// Fast path. A value of the canonical common subset below is exactly what the library's
// prettifyValue() returns for it, so it is returned unchanged without parsing (checked against
// the library on generated values by test/lieux/opening-hours-fast-path.test.ts):
//
//   value     = rule *( "; " rule )
//   rule      = days " " ( times / "off" ) / "PH off"
//   days      = dayItem *( "," dayItem )          dayItem = day [ "-" day ]
//   day       = "Mo" / "Tu" / "We" / "Th" / "Fr" / "Sa" / "Su"
//   times     = range *( "," range )               range   = start "-" end
//   start     = 00:00 … 23:59                       end     = 00:00 … 24:59
//
// Hours and minutes are always two digits; minutes 00–59. Anything else (other separators or
// spacing, "closed", nth weekdays, months, extended hours past 24:59, French words…) goes to the
// library, which may rewrite or refuse it.
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const DAYS = `${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*`;
const MINUTES = '[0-5][0-9]';
const RANGE = `(?:[01][0-9]|2[0-3]):${MINUTES}-(?:[01][0-9]|2[0-4]):${MINUTES}`;
const RULE = `(?:${DAYS} (?:${RANGE}(?:,${RANGE})*|off)|PH off)`;
const CANONICAL_COMMON = new RegExp(`^${RULE}(?:; ${RULE})*$`);

/** True when the value belongs to the canonical common subset above (and so is its own canonical form). */
export function isCanonicalCommonValue(value: string): boolean {
  return CANONICAL_COMMON.test(value);
}

// ---------------------------------------------------------------------------------------------
// Library path, memoised. libraryAnswer() is a pure function of the value (the library keeps no
// state between parses and is given no date, place or holidays here), so caching its answer,
// normalised value or error message, cannot change what callers see. The memo is bounded: when
// full it is emptied and starts again, so memory stays small whatever the file.
type Answer = { normalized: string } | { error: string };
const MEMO_MAX_ENTRIES = 5000;
const memo = new Map<string, Answer>();

function libraryAnswer(value: string): Answer {
  try {
    // locale 'fr': the library's own explanation of a syntax error comes in French…
    let normalized = parse(value, 'fr').prettifyValue();
    // …and rewrites a few values into forms it cannot read back ("off:Mo" → "Mo off:") or reads
    // differently ("Mo::Mo" → "Mo: Mo" → "Mo Mo"): a rewritten value is read and prettified again
    // until it no longer changes, so what is stored is its own normal form; a value that does not
    // settle in three rounds, or that cannot be read back, is refused rather than stored broken.
    for (let previous = value, rounds = 0; normalized !== previous; rounds++) {
      // The library accepts some values that mean nothing ("H") and prettifies them to ''.
      if (normalized.trim() === '' || rounds === 3) throw new Error('unsettled');
      previous = normalized;
      normalized = parse(previous, 'fr').prettifyValue();
    }
    if (normalized.trim() === '') throw new Error('empty');
    return { normalized };
  } catch (error) {
    // …when it has a translation: an explanation that reads the same in English is left out.
    let detail = libraryDetail(String(error));
    const english = detail === undefined ? undefined : errorOf(() => parse(value, 'en'));
    if (detail !== undefined && english !== undefined && libraryDetail(english) === detail) detail = undefined;
    return { error: `Les horaires « ${value} » ne sont pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00 »)${detail ? ` : ${detail}` : ''}.` };
  }
}

/** The library's answer, without the fast path or the memo: what the fast path must agree with. */
export function normalizeWithLibrary(value: string): string {
  const answer = libraryAnswer(value);
  if ('error' in answer) throw new Error(answer.error);
  return answer.normalized;
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
