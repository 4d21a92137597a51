// The catalog's spatial index gives exactly the places a full scan gives, for any point and
// radius, including circles that straddle cells, the antimeridian-free extremes of France and
// radii wider than the country (property test against brute force).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gridOf } from '../../src/lieux/catalog/grid-index.ts';
import type { CatalogSnapshot } from '../../src/lieux/catalog/catalog.ts';
import type { CatalogEntry } from '../../src/lieux/catalog/entry.ts';
import { distanceMeters } from '../../src/lieux/dedup/geo.ts';

const point = fc.record({ latitude: fc.double({ min: -21.5, max: 51.2, noNaN: true }), longitude: fc.double({ min: -61.9, max: 55.9, noNaN: true }) });
// Places clustered like real ones: most in mainland France, some overseas, some without position.
const place = fc.oneof(
  { weight: 8, arbitrary: fc.record({ latitude: fc.double({ min: 42.3, max: 51.1, noNaN: true }), longitude: fc.double({ min: -4.8, max: 8.2, noNaN: true }) }) },
  { weight: 1, arbitrary: point },
  { weight: 1, arbitrary: fc.constant(null) },
);

test('within(point, radius) is exactly the brute-force set with the same distances', () => {
  fc.assert(fc.property(fc.array(place, { maxLength: 300 }), point, fc.double({ min: 0, max: 1_500_000, noNaN: true }), (places, centre, radius) => {
    const entries = places.map((p) => ({ latitude: p?.latitude ?? null, longitude: p?.longitude ?? null }) as CatalogEntry);
    const snapshot = { version: 1, entries, index: undefined, byId: new Map() } as unknown as CatalogSnapshot;
    const found = gridOf(snapshot).within(centre, radius);
    const expected = new Map<number, number>();
    entries.forEach((e, i) => {
      if (e.latitude === null || e.longitude === null) return;
      const d = distanceMeters(centre, { latitude: e.latitude, longitude: e.longitude });
      if (d <= radius) expected.set(i, d);
    });
    assert.deepEqual([...found.entries()].sort((a, b) => a[0] - b[0]), [...expected.entries()].sort((a, b) => a[0] - b[0]));
  }), { numRuns: 300 });
});
