// Owns the properties of normalizeOpeningHours, checked on generated values: valid OSM
// opening_hours rules normalise to a fixed point with the same meaning; any other string either
// normalises or is refused with a French message that quotes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import OpeningHours from 'opening_hours';
import { normalizeOpeningHours } from '../../src/lieux/formats/opening-hours.ts';

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;

const day = fc.constantFrom(...DAYS);
const dayRange = fc
  .uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 2 })
  .map(([a, b]) => `${DAYS[Math.min(a!, b!)]}-${DAYS[Math.max(a!, b!)]}`);
const dayList = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 4 }).map((ds) => ds.sort().map((d) => DAYS[d]).join(','));
// The nth weekday of the month: Fr[1] is the first Friday, Sa[-1] the last Saturday.
const nthWeekday = fc.tuple(day, fc.constantFrom(1, 2, 3, 4, -1)).map(([d, n]) => `${d}[${n}]`);
const daySelector = fc.oneof(day, dayRange, dayList, nthWeekday);

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
/** One to three ascending, disjoint time ranges within the day, on 5-minute steps. */
const timeRanges = fc
  .uniqueArray(fc.integer({ min: 0, max: 24 * 12 }), { minLength: 2, maxLength: 6 })
  .filter((ticks) => ticks.length % 2 === 0)
  .map((ticks) => {
    const sorted = ticks.sort((a, b) => a - b).map((t) => t * 5);
    const ranges: string[] = [];
    for (let i = 0; i < sorted.length; i += 2) ranges.push(`${hhmm(sorted[i]!)}-${hhmm(sorted[i + 1]!)}`);
    return ranges.join(',');
  });

const rule = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(daySelector, timeRanges).map(([d, t]) => `${d} ${t}`) },
  { weight: 1, arbitrary: daySelector.map((d) => `${d} off`) },
);
/** A value as people write it: rules separated by ';', sometimes closed on public holidays. */
const validValue = fc
  .tuple(fc.array(rule, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.constantFrom('; ', ';', ' ; '))
  .map(([rules, phOff, separator]) => [...rules, ...(phOff ? ['PH off'] : [])].join(separator));

// Opening intervals over two months (so that nth weekdays occur), to compare meanings.
const FROM = new Date(2024, 0, 1);
const TO = new Date(2024, 2, 1);
const intervals = (value: string) =>
  new OpeningHours(value, null, { mode: 0 } as never).getOpenIntervals(FROM, TO).map(([start, end]) => [start.getTime(), end.getTime()]);

test('a valid opening_hours value normalises to a value that normalises to itself and means the same', () => {
  fc.assert(
    fc.property(validValue, (value) => {
      const normalized = normalizeOpeningHours(value);
      assert.equal(normalizeOpeningHours(normalized), normalized);
      assert.deepEqual(intervals(normalized), intervals(value));
    }),
    { numRuns: 200, includeErrorInReport: true },
  );
});

test('the examples of the standard and of the field are kept, or rewritten in canonical form', () => {
  assert.equal(normalizeOpeningHours('Mo-Fr 09:00-12:00,14:00-17:00'), 'Mo-Fr 09:00-12:00,14:00-17:00');
  assert.equal(normalizeOpeningHours('Fr[1] 17:00-19:00'), 'Fr[1] 17:00-19:00');
  assert.equal(normalizeOpeningHours('Mo-Fr 09:00-12:00 ; PH off'), 'Mo-Fr 09:00-12:00; PH off');
  assert.equal(normalizeOpeningHours('lundi 9h-12h'), 'Mo 09:00-12:00');
});

// Strings made of the syntax's own pieces reach the parser's deeper errors more often than noise.
const TOKENS = ['Mo', 'Tu', 'Fr', 'Su', 'PH', 'off', '-', ',', ';', ' ', ':', '[1]', '[-1]', '09:00', '12:00', '24:00', '25:00', '9h', 'lundi', '"', '<---', 'é', '😀', '\n'];
const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((parts) => parts.join('')),
);

test('any string either normalises, or is refused with a French message that quotes it', () => {
  let refused = 0;
  fc.assert(
    fc.property(anyString, (value) => {
      let normalized: string;
      try {
        normalized = normalizeOpeningHours(value);
      } catch (error) {
        refused++;
        assert.ok(error instanceof Error);
        assert.ok(error.message.startsWith(`Les horaires « ${value} » ne sont pas au format OpenStreetMap`), error.message);
        return;
      }
      assert.equal(typeof normalized, 'string');
      assert.equal(normalizeOpeningHours(normalized), normalized, `${JSON.stringify(value)} → ${JSON.stringify(normalized)}`);
    }),
    { numRuns: 200, includeErrorInReport: true },
  );
  assert.ok(refused > 0, 'the generator produced invalid values');
});

test('a refusal explains the problem in French, never in English', () => {
  assert.throws(() => normalizeOpeningHours('Mo-Fr 25:00-26:00'), {
    message: 'Les horaires « Mo-Fr 25:00-26:00 » ne sont pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00 ») : La plage horaire commence en dehors du jour actuel.',
  });
  // The library has no French for this one: its English explanation is left out.
  assert.throws(() => normalizeOpeningHours('du lundi au vendredi'), {
    message: 'Les horaires « du lundi au vendredi » ne sont pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00 »).',
  });
});

test('a value the library would rewrite into a form it cannot read back is refused, quoting what was written', () => {
  // Found by the property above (seed -1961010380): the library prettifies "off:Mo" to "Mo off:",
  // which it then refuses to parse.
  assert.throws(() => normalizeOpeningHours('off:Mo'), (error: Error) => error.message.startsWith('Les horaires « off:Mo » ne sont pas au format OpenStreetMap'));
});

test('a value the library rewrites in several steps is stored in its last form, which normalises to itself', () => {
  // Found by the property above (seed -106337469): the library prettifies "Mo::Mo" to "Mo: Mo", and that to "Mo Mo".
  const normalized = normalizeOpeningHours('Mo::Mo');
  assert.equal(normalizeOpeningHours(normalized), normalized);
  assert.equal(normalized, 'Mo Mo');
});
