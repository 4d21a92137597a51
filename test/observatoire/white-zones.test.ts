// Issue 5, point 5: "a ranked list of communes and EPCI that are fragile and far from any
// suitable place, with the figures that justify each, exportable."
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFigures } from '../../src/observatoire/figures.ts';
import { DEFAULT_CONFIG, parseObservatoireConfig } from '../../src/observatoire/indicators/config.ts';
import type { CommuneInput } from '../../src/observatoire/model.ts';
import { commune, haversineKm, place } from './support/synthetic.ts';
import { loadSharedCommunes, loadTerritoryNames, sharedCommunesSkip } from './support/shared-communes.ts';

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-6) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

// One indicator, so that a commune's score is its decile: commune k has 65+ = k %, hence decile k among ten.
const config = parseObservatoireConfig({ variants: { tout_age: { indicators: [{ key: 'pct_65plus', weight: 1 }] } } }, 'essai');

/** Ten communes on the 45th parallel, 0.1° apart (7.863 km); 05001–05005 in EPCI E1, 05006–05010 in E2. */
function line(over: Record<string, Partial<CommuneInput>> = {}): CommuneInput[] {
  return Array.from({ length: 10 }, (_, i) => {
    const k = i + 1;
    const code = `050${String(k).padStart(2, '0')}`;
    const values = { pct_15_24: 10, pct_25_54: 40, pct_55_64: 12, pct_60plus: k + 5, pct_65plus: k, pct_75plus: k / 2 };
    return commune(code, values, { latitude: 45, longitude: 5 + 0.1 * i, epci_code: k <= 5 ? 'E1' : 'E2', ...over[code] });
  });
}

const home = place('mediatheque', { nom: 'Médiathèque de 05001', latitude: 45, longitude: 5, commune_code: '05001' });

test('a commune is a white zone when fragile, without a suitable place and 10 km or more from one; ranked by people × km', () => {
  const communes = line({ '05009': { latitude: null, longitude: null } });
  const bus = place('bus', { latitude: 45, longitude: 5, commune_code: '05001', communes_desservies: ['05008'] });
  const f = computeFigures({ communes, places: [home, bus], datasets: [] }, config);
  const zones = f.white_zones.commune;
  // Scores 7 to 10: 05007 (47.2 km), 05008 (visited by the bus: a place in the commune), 05009 (no position:
  // distance unknown), 05010 (70.8 km). Left: 05010 then 05007 — more people far from digital, farther.
  assert.deepEqual(zones.map((z) => [z.rank, z.code]), [[1, '05010'], [2, '05007']]);
  const z = zones[0]!;
  assert.equal(z.score, 10);
  close(z.distance_km, haversineKm(45, 5.9, 45, 5));
  assert.deepEqual(z.nearest_place, { id: 'bus', nom: 'Lieu bus' }); // at the same spot as the médiathèque: lower id
  const people = f.territories.commune.get('05010')!.far_from_digital.people!;
  close(z.people_far_from_digital, people);
  close(z.priority, people * z.distance_km!);
  assert.deepEqual([z.places, z.far_share, z.level, z.variant, z.target], [0, 1, 'commune', 'tout_age', 'gratuit_accompagne']);
  assert.equal(z.reasons.length, 3);
  assert.match(z.reasons[0]!, /Score « Tout âge » : 10 sur 10 \(seuil 7\)/);
  assert.match(z.reasons[1]!, /Aucun lieu gratuit proposant un accompagnement dans la commune ; le plus proche \(Lieu bus\) est à 70,8 km/);
  assert.match(z.reasons[2]!, /Environ \d+ personnes de 15 ans ou plus éloignées du numérique/);
});

test('an EPCI is a white zone when fragile and at least half its population lives in far communes', () => {
  const communes = line({ '05009': { latitude: null, longitude: null } });
  const bus = place('bus', { latitude: 45, longitude: 5, commune_code: '05001', communes_desservies: ['05008'] });
  const f = computeFigures({ communes, places: [home, bus], datasets: [] }, config);
  // E2's 65+ share (8 %) is above E1's (3 %): decile 8 of two (p = 1.5 / 2), score 8; E1 score 3.
  assert.equal(f.territories.epci.get('E2')!.scores.tout_age!.score, 8);
  // Far communes of E2: 05006 (39.3 km), 05007, 05010 — not 05008 (visited) nor 05009 (unknown): 3,000 of 5,000.
  assert.deepEqual(f.white_zones.epci.map((z) => z.code), ['E2']);
  const z = f.white_zones.epci[0]!;
  assert.deepEqual([z.far_communes, z.far_population, z.far_share, z.places], [3, 3000, 0.6, 1]);
  const km = (lon: number) => haversineKm(45, lon, 45, 5);
  close(z.distance_km, (km(5.5) + km(5.6) + km(5.9)) / 3);
  const people = (code: string) => f.territories.commune.get(code)!.far_from_digital.people!;
  close(z.priority, people('05006') * km(5.5) + people('05007') * km(5.6) + people('05010') * km(5.9));
  assert.match(z.reasons[1]!, /60 % de la population \(3\s000 habitants, 3 communes\) vit dans une commune sans lieu gratuit proposant un accompagnement à moins de 10 km/);
  assert.match(z.reasons[2]!, /1 lieu gratuit proposant un accompagnement dans l’EPCI/);
  // With a 70 % rule, E2 is no longer listed.
  const strict = parseObservatoireConfig({ variants: { tout_age: { indicators: [{ key: 'pct_65plus' }] } }, white_zones: { epci_min_population_share: 0.7 } }, 'essai');
  assert.deepEqual(computeFigures({ communes, places: [home, bus], datasets: [] }, strict).white_zones.epci, []);
});

test('thresholds, variant and kind of place are configurable', () => {
  const communes = line();
  // Any place (the paying one counts), 50 km or more, score 9 or more.
  const paying = place('payant', { latitude: 45, longitude: 5.3, commune_code: '05004', free: false });
  const custom = parseObservatoireConfig({
    variants: { tout_age: { indicators: [{ key: 'pct_65plus' }] } },
    white_zones: { target: 'tout_lieu', min_distance_km: 40, min_score: 9 },
  }, 'essai');
  const f = computeFigures({ communes, places: [home, paying], datasets: [] }, custom);
  // From the paying place (5.3°): 05009 at 39.3 km (< 40), 05010 at 47.2 km.
  assert.deepEqual(f.white_zones.commune.map((z) => z.code), ['05010']);
  assert.match(f.white_zones.commune[0]!.reasons[1]!, /Aucun lieu d’inclusion numérique dans la commune/);
  assert.equal(f.method.white_zones.criteria.min_distance_km, 40);
  // Nothing fragile enough: an empty list, not an error.
  assert.deepEqual(computeFigures({ communes, places: [home], datasets: [] }, parseObservatoireConfig({ white_zones: { min_score: 10 } }, 'essai')).white_zones.commune, []);
});

test('no place of the kind anywhere: fragile communes are listed, without distance, after those with one', () => {
  const f = computeFigures({ communes: line(), places: [], datasets: [] }, config);
  const zones = f.white_zones.commune;
  assert.deepEqual(zones.map((z) => z.code), ['05010', '05009', '05008', '05007']); // by people far from digital
  assert.deepEqual([zones[0]!.distance_km, zones[0]!.priority, zones[0]!.nearest_place], [null, null, null]);
  assert.match(zones[0]!.reasons[1]!, /Aucun lieu gratuit proposant un accompagnement connu, ni dans la commune ni ailleurs/);
});

test('on Isère with two places: every entry meets the criteria and the list is in priority order', { skip: sharedCommunesSkip }, () => {
  const isere = loadSharedCommunes().filter((c) => c.departement_code === '38');
  const places = [
    place('grenoble', { latitude: 45.18092, longitude: 5.72119, commune_code: '38185' }),
    place('bus', { latitude: 44.90713, longitude: 5.78987, commune_code: '38269', communes_desservies: ['38008'] }),
  ];
  const f = computeFigures({ communes: isere, places, datasets: [], names: loadTerritoryNames() }, DEFAULT_CONFIG);
  const zones = f.white_zones.commune;
  assert.ok(zones.length > 10, `${zones.length} communes`);
  for (const z of zones) {
    const c = f.territories.commune.get(z.code)!;
    assert.ok(c.scores.tout_age!.score! >= 7);
    assert.equal(c.coverage.distances.gratuit_accompagne!.places, 0);
    assert.ok(z.distance_km! >= 10);
    close(z.priority, c.far_from_digital.people! * z.distance_km!);
  }
  for (let i = 1; i < zones.length; i++) assert.ok(zones[i - 1]!.priority! >= zones[i]!.priority!);
  // Ambel is fragile enough? Whatever its score, the bus stops there: never listed.
  assert.ok(!zones.some((z) => z.code === '38008'));
  assert.ok(!zones.some((z) => z.code === '38185'));
});
