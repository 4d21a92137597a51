// Issue 5, point 4: "places per 10,000 inhabitants, share of population living in a commune with
// no place, straight-line distance from each commune's centroid to the nearest place offering a
// given service (and to the nearest free accompanied place), population beyond 10 / 20 km;
// itinerant services count for the communes they visit."
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SphereKdTree, chordToKm } from '../../src/observatoire/coverage.ts';
import { computeFigures } from '../../src/observatoire/figures.ts';
import { DEFAULT_CONFIG } from '../../src/observatoire/indicators/config.ts';
import type { PlaceInput } from '../../src/observatoire/model.ts';
import { commune, haversineKm, place } from './support/synthetic.ts';
import { loadSharedCommunes, loadTerritoryNames, sharedCommunesSkip } from './support/shared-communes.ts';

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-6) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

const run = (communes: Parameters<typeof commune>[], places: PlaceInput[]) =>
  computeFigures({ communes: communes.map((args) => commune(...args)), places, datasets: [] }, DEFAULT_CONFIG);

test('the nearest place is the one at the smallest great-circle distance, 0 km for an itinerant stop', () => {
  // Three communes on the 45th parallel, 0.1° of longitude apart (≈ 7.86 km), one a bit north.
  const f = run(
    [['01001', {}, { latitude: 45, longitude: 5 }], ['01002', {}, { latitude: 45, longitude: 5.1 }], ['01003', {}, { latitude: 45, longitude: 5.2 }],
      ['01004', {}, { latitude: 45.2, longitude: 5.2 }]],
    [
      place('fixe', { latitude: 45, longitude: 5, commune_code: '01001' }),
      // Based in 01001 as well, visits 01003.
      place('bus', { latitude: 45, longitude: 5, commune_code: '01001', communes_desservies: ['01003'] }),
    ],
  );
  const d = (code: string) => f.territories.commune.get(code)!.coverage.distances.gratuit_accompagne!;
  assert.deepEqual([d('01001').distance_km, d('01001').nearest_place_id], [0, 'bus']); // both at 0 km: the lower id
  close(d('01002').distance_km, haversineKm(45, 5.1, 45, 5)); // ≈ 7.863 km
  assert.deepEqual([d('01003').distance_km, d('01003').nearest_place_id, d('01003').places], [0, 'bus', 1]);
  // 01004 is nearer to the bus's stop 01003 (22.2 km) than to its base (27.3 km) — but a stop is not a
  // position: distances are to where places are.
  close(d('01004').distance_km, haversineKm(45.2, 5.2, 45, 5));
  const c3 = f.territories.commune.get('01003')!.coverage;
  assert.equal(c3.places, 1);
  close(c3.places_per_10000, 10);
  assert.equal(c3.population_without_place, 0);
});

test('a place without coordinates counts in its commune only; a commune without position has an unknown distance', () => {
  const f = run(
    [['02001', {}, { latitude: 49, longitude: 3 }], ['02002', {}, { latitude: 49.01, longitude: 3 }], ['02003', {}, { latitude: null, longitude: null, population: 500 }]],
    [
      place('sans-adresse', { commune_code: '02001' }),
      // A paying place 0.5° north of 02001 (55.6 km), outside the communes of the inputs.
      place('loin', { latitude: 49.5, longitude: 3, free: false }),
    ],
  );
  const d = (code: string, kind: string) => f.territories.commune.get(code)!.coverage.distances[kind]!;
  assert.deepEqual([d('02001', 'tout_lieu').distance_km, d('02001', 'tout_lieu').nearest_place_id], [0, 'sans-adresse']);
  // Its neighbour, 1.1 km away, is not "near" a place nobody can locate: its nearest is the located one.
  assert.equal(d('02002', 'tout_lieu').nearest_place_id, 'loin');
  close(d('02002', 'tout_lieu').distance_km, haversineKm(49.01, 3, 49.5, 3));
  assert.deepEqual([d('02003', 'tout_lieu').distance_km, d('02003', 'tout_lieu').missing], [null, 'no_position']);
  // No located free place at all: beyond every threshold, wherever one is.
  assert.deepEqual([d('02002', 'gratuit_accompagne').distance_km, d('02002', 'gratuit_accompagne').missing], [null, 'no_place']);
  assert.equal(d('02003', 'gratuit_accompagne').missing, 'no_place');
  const dep = f.territories.departement.get('02')!.coverage;
  assert.deepEqual(dep.distances.tout_lieu!.population_beyond, [1000, 1000]); // 02002 at 54.5 km
  assert.equal(dep.distances.tout_lieu!.population_unknown, 500);
  assert.deepEqual(dep.distances.gratuit_accompagne!.population_beyond, [1500, 1500]);
  assert.equal(dep.places, 1);
  assert.equal(dep.population_without_place, 1500);
  close(dep.share_without_place, 0.6);
  assert.equal(dep.communes_without_place, 2);
  // A kind nobody offers.
  assert.equal(d('02001', 'Parentalité et éducation avec le numérique').missing, 'no_place');
});

test('services, free of charge and accompaniment decide which places count for each kind', () => {
  const f = run(
    [['03001', {}, { latitude: 46, longitude: 3 }]],
    [
      place('payant', { latitude: 46, longitude: 3.01, free: false, services: ['Aide aux démarches administratives'] }),
      place('autonomie', { latitude: 46, longitude: 3.02, accompanied: false }),
      place('gratuit', { latitude: 46, longitude: 3.1 }),
    ],
  );
  const d = f.territories.commune.get('03001')!.coverage.distances;
  assert.equal(d.tout_lieu!.nearest_place_id, 'payant');
  assert.equal(d['Aide aux démarches administratives']!.nearest_place_id, 'payant');
  assert.equal(d.gratuit_accompagne!.nearest_place_id, 'gratuit');
  close(d.gratuit_accompagne!.distance_km, haversineKm(46, 3, 46, 3.1));
  // Places outside every commune of the inputs still count as positions.
  assert.equal(f.counts.places_outside_communes, 3);
});

test('aggregates: each place once per territory, population-weighted mean distance, population at 10 / 20 km or more', () => {
  const f = run(
    [
      ['04001', {}, { latitude: 44, longitude: 6, population: 4000 }], // the place is here
      ['04002', {}, { latitude: 44.1, longitude: 6, population: 1000 }], // 11.12 km north
      ['04003', {}, { latitude: 44.2, longitude: 6, population: 500 }], // 22.24 km
      ['04004', {}, { latitude: 44.05, longitude: 6, population: 0 }], // 5.56 km, nobody lives there
    ],
    [place('p', { latitude: 44, longitude: 6, commune_code: '04001', communes_desservies: ['04001', '04002'] })],
  );
  const dep = f.territories.departement.get('04')!.coverage;
  assert.equal(dep.places, 1); // in 04001 and visiting 04002: one place
  const d = dep.distances.gratuit_accompagne!;
  // 04002 is visited: 0 km. Mean: (4,000 × 0 + 1,000 × 0 + 500 × 22.24) / 5,500.
  close(d.distance_km, (500 * haversineKm(44.2, 6, 44, 6)) / 5500);
  assert.deepEqual(d.population_beyond, [500, 500]);
  assert.equal(dep.population_without_place, 500); // 04003 (04004 has nobody)
  close(dep.places_per_10000, 10_000 / 5500);
});

test('the k-d tree finds the same nearest place as a full scan, ties to the lowest index', () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const unit = (lat: number, lon: number) => {
    const p = (lat * Math.PI) / 180;
    const l = (lon * Math.PI) / 180;
    return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)] as const;
  };
  const n = 3000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  const positions: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    // Metropolitan France, and a few overseas; every tenth point doubles the previous one (same building).
    const [lat, lon] = i % 10 === 9 ? positions[i - 1]! : i % 97 === 0 ? [-21 + random(), 55.5 + random()] : [42 + 9 * random(), -4.5 + 12.5 * random()];
    positions.push([lat, lon]);
    [x[i], y[i], z[i]] = unit(lat, lon);
  }
  const tree = new SphereKdTree({ x, y, z }, Int32Array.from({ length: n }, (_, i) => i));
  for (let q = 0; q < 500; q++) {
    const [lat, lon] = q % 50 === 0 ? positions[q * 3 + 9]! : [41 + 11 * random(), -5 + 14 * random()];
    let best = -1;
    let bestKm = Infinity;
    positions.forEach(([plat, plon], i) => {
      const km = haversineKm(lat, lon, plat, plon);
      if (km < bestKm - 1e-9) [best, bestKm] = [i, km];
    });
    const [qx, qy, qz] = unit(lat, lon);
    const found = tree.nearest(qx, qy, qz);
    close(chordToKm(tree.chord2), bestKm, 1e-6);
    // Several places at the very same position: the lowest index, as the scan finds it.
    const samePosition = positions[found]![0] === positions[best]![0] && positions[found]![1] === positions[best]![1];
    if (samePosition) assert.equal(found, best);
  }
});

// ---------------------------------------------------------------------------------------------
// Isère from the shared open data, with four places placed by hand.

test('Isère with hand-placed places: distances, itinerant stops and the metropolis’ population beyond 10 km', { skip: sharedCommunesSkip }, () => {
  const isere = loadSharedCommunes().filter((c) => c.departement_code === '38');
  // Inner points (communes-centroides-cog2026): Grenoble 45.18092, 5.72119; Échirolles 45.14707, 5.71534;
  // La Mure 44.90713, 5.78987; Ambel 44.8, 5.93347; Chantepérier 44.95872, 5.98067.
  const places: PlaceInput[] = [
    place('a-mediatheque-grenoble', { nom: 'Médiathèque (Grenoble)', latitude: 45.18092, longitude: 5.72119, commune_code: '38185', services: ['Aide aux démarches administratives'] }),
    place('b-espace-payant-echirolles', { latitude: 45.14707, longitude: 5.71534, commune_code: '38151', free: false }),
    place('c-bus-matheysine', { nom: 'Bus numérique de la Matheysine', latitude: 44.90713, longitude: 5.78987, commune_code: '38269', communes_desservies: ['38008'] }),
    place('d-permanence-chanteperier', { commune_code: '38073', free: false }),
  ];
  const f = computeFigures({ communes: isere, places, datasets: [], names: loadTerritoryNames() }, DEFAULT_CONFIG);
  const commune_ = (code: string) => f.territories.commune.get(code)!.coverage;

  // Échirolles: a (paying) place at its inner point; the nearest free accompanied place is the médiathèque,
  // haversine((45.14707, 5.71534), (45.18092, 5.72119)) = 2 × 6371.0088 × asin(√h) = 3.7918 km.
  assert.deepEqual([commune_('38151').distances.tout_lieu!.distance_km, commune_('38151').distances.tout_lieu!.nearest_place_id], [0, 'b-espace-payant-echirolles']);
  close(commune_('38151').distances.gratuit_accompagne!.distance_km, 3.7917942927, 1e-6);
  assert.equal(commune_('38151').distances.gratuit_accompagne!.nearest_place_id, 'a-mediatheque-grenoble');
  close(commune_('38151').distances['Aide aux démarches administratives']!.distance_km, 3.7917942927, 1e-6);
  // Grenoble: 1 place for 156,140 inhabitants = 0.064 per 10,000.
  close(commune_('38185').places_per_10000, 10_000 / 156_140);
  // Ambel is visited by the bus: present and at 0 km, though La Mure is 16.43 km away.
  assert.deepEqual([commune_('38008').places, commune_('38008').distances.gratuit_accompagne!.distance_km], [1, 0]);
  // Chantepérier has a place without position (counted, at 0 km for "any place") but no free one: the bus's base
  // is 16.08 km away (the médiathèque 32.03 km).
  assert.equal(commune_('38073').distances.tout_lieu!.distance_km, 0);
  close(commune_('38073').distances.gratuit_accompagne!.distance_km, 16.0777677, 1e-6);

  // Grenoble-Alpes-Métropole (49 communes, 450,608 inhabitants): distance of each inner point to the nearer of the
  // médiathèque and the bus's base; 22 communes, 50,452 inhabitants, at 10 km or more, none at 20 km;
  // population-weighted mean 4.2186 km. Places: the médiathèque and the Échirolles one.
  const metro = f.territories.epci.get('200040715')!.coverage;
  assert.equal(f.territories.epci.get('200040715')!.population, 450_608);
  assert.deepEqual(metro.distances.gratuit_accompagne!.population_beyond, [50_452, 0]);
  close(metro.distances.gratuit_accompagne!.distance_km, 4.218555851540676, 1e-6);
  assert.equal(metro.places, 2);
  assert.equal(metro.distances.gratuit_accompagne!.places, 1);
  assert.equal(metro.population_without_place, 450_608 - 156_140 - 37_491);
  // Isère: 4 distinct places (the bus counts once though present in La Mure and Ambel), 1,298,990 inhabitants.
  const dep = f.territories.departement.get('38')!.coverage;
  assert.equal(dep.places, 4);
  close(dep.places_per_10000, 40_000 / 1_298_990);
  assert.equal(f.counts.places_itinerant, 1);
  assert.equal(f.counts.places_without_position, 1);
});
