// Owns the equivalence of normalizeOpeningHours' shortcuts with the opening_hours library: every
// value of the canonical common subset is exactly what the library's prettifyValue() returns for
// it, values just outside the subset are left to the library, and repeated values (memoised) get
// the same answer, value or French refusal, as the first time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCanonicalCommonValue, normalizeOpeningHours, normalizeWithLibrary } from '../../src/lieux/formats/opening-hours.ts';

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const day = fc.constantFrom(...DAYS);
// Any day or day range, in any order, wrapping over the week or not (Fr-Mo), even Mo-Mo.
const dayItem = fc.oneof(day, fc.tuple(day, day).map(([a, b]) => `${a}-${b}`));
const days = fc.array(dayItem, { minLength: 1, maxLength: 4 }).map((items) => items.join(','));

const two = (n: number) => String(n).padStart(2, '0');
const minute = fc.integer({ min: 0, max: 59 });
const start = fc.tuple(fc.integer({ min: 0, max: 23 }), minute).map(([h, m]) => `${two(h)}:${two(m)}`);
const end = fc.tuple(fc.integer({ min: 0, max: 24 }), minute).map(([h, m]) => `${two(h)}:${two(m)}`);
// Any ranges: ascending or not, overlapping, empty (09:00-09:00) or past midnight (19:00-11:00).
const times = fc.array(fc.tuple(start, end).map(([s, e]) => `${s}-${e}`), { minLength: 1, maxLength: 4 }).map((ranges) => ranges.join(','));

const rule = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(days, times).map(([d, t]) => `${d} ${t}`) },
  { weight: 1, arbitrary: days.map((d) => `${d} off`) },
  { weight: 1, arbitrary: fc.constant('PH off') },
);
/** A value of the canonical common subset: rules separated by "; ". */
const canonicalCommon = fc.array(rule, { minLength: 1, maxLength: 5 }).map((rules) => rules.join('; '));

// 300 runs in the suite (the library is slow on long values); FAST_PATH_RUNS=20000 for a deeper check.
test('a value of the canonical common subset is its own canonical form for the library', () => {
  fc.assert(
    fc.property(canonicalCommon, (value) => {
      assert.ok(isCanonicalCommonValue(value), value);
      assert.equal(normalizeWithLibrary(value), value);
      assert.equal(normalizeOpeningHours(value), value);
    }),
    { numRuns: Number(process.env.FAST_PATH_RUNS ?? 300), includeErrorInReport: true },
  );
});

// Values close to the subset: one character of a canonical value replaced, inserted or removed,
// and pieces of the syntax joined at random. Whatever the shortcut decides, the answer must be
// the library's, value or refusal.
const TOKENS = ['Mo', 'Su', 'PH', 'off', 'closed', '-', ',', ';', '; ', ' ', ':', '[1]', 'Jan', '09:00', '9:00', '12:00', '24:00', '24:30', '25:00', '26:00', '09:60', 'h', 'lundi', '"', '\n'];
const CHARS = ['', ' ', ',', ';', ':', '-', '0', '2', '5', '9', 'o', 'M', 'P', 'H', '\n', 'é'];
const nearMiss = fc.oneof(
  fc.tuple(canonicalCommon, fc.nat(), fc.constantFrom(...CHARS), fc.nat({ max: 1 })).map(([value, at, char, removed]) => {
    const i = at % (value.length + 1);
    return value.slice(0, i) + char + value.slice(i + removed);
  }),
  fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 10 }).map((parts) => parts.join('')),
);

const answer = (run: () => string) => {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

test('any other value gets the library answer, the first time and when it comes again', () => {
  let outside = 0;
  fc.assert(
    fc.property(nearMiss, (value) => {
      if (!isCanonicalCommonValue(value)) outside++;
      const expected = answer(() => normalizeWithLibrary(value));
      assert.deepEqual(answer(() => normalizeOpeningHours(value)), expected);
      assert.deepEqual(answer(() => normalizeOpeningHours(value)), expected, 'memoised answer');
    }),
    { numRuns: 400, includeErrorInReport: true },
  );
  assert.ok(outside > 0, 'the generator produced values outside the subset');
});

test('the subset holds the common canonical values, and nothing the library would rewrite or refuse', () => {
  for (const value of ['Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00', 'Tu,Th 09:00-19:00', 'Mo off', 'PH off', 'Mo-Fr 08:30-12:30; PH off', 'Fr 19:00-11:00', 'Mo 08:00-24:00']) {
    assert.ok(isCanonicalCommonValue(value), value);
    assert.equal(normalizeWithLibrary(value), value);
  }
  // Rewritten by the library: left out of the subset, and rewritten the same way.
  for (const [value, canonical] of [
    ['Mo 9:00-12:00', 'Mo 09:00-12:00'],
    ['Mo 09:00-12:00;Tu 10:00-11:00', 'Mo 09:00-12:00; Tu 10:00-11:00'],
    ['Mo-Fr 09:00-12:00 ; PH off', 'Mo-Fr 09:00-12:00; PH off'],
    ['Mo-Fr 09:00-12:00;', 'Mo-Fr 09:00-12:00'],
    ['Mo 09:00-12:00, 14:00-15:00', 'Mo 09:00-12:00,14:00-15:00'],
    [' Mo 09:00-12:00', 'Mo 09:00-12:00'],
    ['lundi 9h-12h', 'Mo 09:00-12:00'],
  ] as const) {
    assert.equal(isCanonicalCommonValue(value), false, value);
    assert.equal(normalizeOpeningHours(value), canonical);
  }
  // Valid but outside the subset: the library decides, as before.
  for (const value of ['Fr[1] 17:00-19:00', 'Mo 22:00-26:00', 'Mo closed', '24/7']) {
    assert.equal(isCanonicalCommonValue(value), false, value);
    assert.equal(normalizeOpeningHours(value), normalizeWithLibrary(value));
  }
  // Refused: never taken by the shortcut, and refused again with the same message when repeated.
  for (const value of ['Mo 24:00-25:00', 'Mo 09:60-12:00', 'Mo-Fr 25:00-26:00', 'Mo 09:00', 'du lundi au vendredi']) {
    assert.equal(isCanonicalCommonValue(value), false, value);
    const first = answer(() => normalizeOpeningHours(value));
    assert.ok(first.error?.startsWith(`Les horaires « ${value} » ne sont pas au format OpenStreetMap`), JSON.stringify(first));
    assert.deepEqual(answer(() => normalizeOpeningHours(value)), first);
  }
  assert.throws(() => normalizeOpeningHours('Mo 09:60-12:00'), {
    message: 'Les horaires « Mo 09:60-12:00 » ne sont pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00 »).',
  });
});
