// Issue 5, point 3: "estimated number of people far from digital life per territory: national
// rates by age band (INSEE illectronism figures, documented in the code with their source)
// applied to the local population by age."
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFigures } from '../../src/observatoire/figures.ts';
import { DEFAULT_CONFIG, parseObservatoireConfig } from '../../src/observatoire/indicators/config.ts';
import { ILLECTRONISM_BANDS, ILLECTRONISM_NATIONAL_RATE_PCT } from '../../src/observatoire/indicators/illectronism.ts';
import type { CommuneInput, Value } from '../../src/observatoire/model.ts';
import { commune, SECRET } from './support/synthetic.ts';
import { loadSharedCommunes, loadTerritoryNames, sharedCommunesSkip } from './support/shared-communes.ts';

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-6) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

/** Age columns of a commune (shares of its whole population, %). */
const ages = (a: { p15_24: number; p25_54: number; p55_64: number; p60: number; p65: number; p75: number }): Record<string, Value> => ({
  pct_15_24: a.p15_24, pct_25_54: a.p25_54, pct_55_64: a.p55_64, pct_60plus: a.p60, pct_65plus: a.p65, pct_75plus: a.p75,
});

test('published rates are the INSEE ones, the others are said to be derived', () => {
  const byKey = Object.fromEntries(ILLECTRONISM_BANDS.map((b) => [b.key, b]));
  assert.deepEqual([byKey['15_24']!.rate_pct, byKey['15_24']!.rate_source], [2, 'publié']);
  assert.deepEqual([byKey['75_plus']!.rate_pct, byKey['75_plus']!.rate_source], [62, 'publié']);
  for (const key of ['25_54', '55_59', '60_64', '65_74']) {
    assert.equal(byKey[key]!.rate_source, 'dérivé', key);
    assert.match(byKey[key]!.rate_note, /dérivé/);
  }
  // Rates rise with age.
  const rates = ILLECTRONISM_BANDS.map((b) => b.rate_pct);
  assert.deepEqual(rates, [...rates].sort((a, b) => a - b));
});

test('a commune: population × share of each band × its rate, summed from 15 years on', () => {
  // 1,000 inhabitants: 10 % 15–24, 40 % 25–54, 12 % 55–64, 30 % 60+, 25 % 65+, 10 % 75+ (and 13 % under 15, not counted).
  // Bands: 15–24 100, 25–54 400, 55–59 = 12 − 30 + 25 = 7 % → 70, 60–64 = 30 − 25 = 5 % → 50, 65–74 = 25 − 10 = 15 % → 150, 75+ 100.
  // People: 100 × 2 % + 400 × 2.8 % + 70 × 11.6 % + 50 × 17.6 % + 150 × 31.5 % + 100 × 62 %
  //       = 2 + 11.2 + 8.12 + 8.8 + 47.25 + 62 = 139.37, of 870 people aged 15+.
  const f = computeFigures({ communes: [commune('26001', ages({ p15_24: 10, p25_54: 40, p55_64: 12, p60: 30, p65: 25, p75: 10 }))], places: [], datasets: [] }, DEFAULT_CONFIG);
  const e = f.territories.commune.get('26001')!.far_from_digital;
  close(e.people, 139.37);
  close(e.population_15plus, 870);
  close(e.rate_pct, (100 * 139.37) / 870);
  assert.deepEqual(e.bands.map((b) => [b.key, Math.round(b.population * 100) / 100, Math.round(b.people * 100) / 100]), [
    ['15_24', 100, 2], ['25_54', 400, 11.2], ['55_59', 70, 8.12], ['60_64', 50, 8.8], ['65_74', 150, 47.25], ['75_plus', 100, 62],
  ]);
  assert.equal(e.missing, null);
});

test('a secret age column gives no estimate, with its reason; no inhabitant gives 0; a negative derived share counts as 0', () => {
  const full = ages({ p15_24: 10, p25_54: 40, p55_64: 12, p60: 30, p65: 25, p75: 10 });
  const communes: CommuneInput[] = [
    commune('26002', { ...full, pct_75plus: SECRET }),
    commune('26003', {}, { population: 0 }),
    // Tiny communes' rounded shares: 55–64 = 0 but 60+ − 65+ = 11 → 55–59 = 0 − 11 → 0, not −11.
    commune('26004', ages({ p15_24: 0, p25_54: 33, p55_64: 0, p60: 78, p65: 67, p75: 44 }), { population: 9 }),
  ];
  const f = computeFigures({ communes, places: [], datasets: [] }, DEFAULT_CONFIG);
  const secret = f.territories.commune.get('26002')!.far_from_digital;
  assert.deepEqual([secret.people, secret.missing, secret.bands], [null, 'secret', []]);
  const empty = f.territories.commune.get('26003')!.far_from_digital;
  assert.equal(empty.people, 0);
  assert.equal(empty.rate_pct, null);
  const tiny = f.territories.commune.get('26004')!.far_from_digital;
  assert.equal(tiny.bands.find((b) => b.key === '55_59')!.population, 0);
  // 9 × (33 × 2.8 + 11 × 17.6 + 23 × 31.5 + 44 × 62) / 10,000 = 9 × 3,998.7 / 10,000
  close(tiny.people, (9 * (33 * 2.8 + 11 * 17.6 + 23 * 31.5 + 44 * 62)) / 10_000);
});

test('above the commune: the sum, extrapolated to the whole population when enough of it is covered', () => {
  const full = ages({ p15_24: 10, p25_54: 40, p55_64: 12, p60: 30, p65: 25, p75: 10 }); // 139.37 per 1,000
  const communes = [
    commune('26010', full, { epci_code: 'A', population: 3000 }),
    commune('26011', {}, { epci_code: 'A', population: 1000 }), // absent from the census file
    commune('26012', full, { epci_code: 'B', population: 1000 }),
    commune('26013', { ...full, pct_15_24: SECRET }, { epci_code: 'B', population: 3000 }),
  ];
  const f = computeFigures({ communes, places: [], datasets: [] }, DEFAULT_CONFIG);
  // A: 3 × 139.37 = 418.11 people over 75 % of the population → × 4,000 / 3,000 = 557.48.
  const a = f.territories.epci.get('A')!.far_from_digital;
  close(a.people, (418.11 * 4) / 3);
  close(a.population_share, 0.75);
  close(a.bands.reduce((s, b) => s + b.people, 0), a.people!); // bands extrapolated alike
  // B: 25 % covered → no estimate, and why.
  const b = f.territories.epci.get('B')!.far_from_digital;
  assert.deepEqual([b.people, b.missing], [null, 'insufficient_coverage']);
});

test('rates can be configured; the source then says so', () => {
  const config = parseObservatoireConfig({ illectronism_rates_pct: { '25_54': 5 } }, 'essai.json');
  const band = config.illectronism_bands.find((b) => b.key === '25_54')!;
  assert.deepEqual([band.rate_pct, band.rate_source], [5, 'configuré']);
  const f = computeFigures({ communes: [commune('26020', ages({ p15_24: 0, p25_54: 100, p55_64: 0, p60: 0, p65: 0, p75: 0 }))], places: [], datasets: [] }, config);
  close(f.territories.commune.get('26020')!.far_from_digital.people, 50); // 1,000 × 100 % × 5 %
});

// ---------------------------------------------------------------------------------------------

test('applied to metropolitan France, the rates give back the published 15.4 % and more than one in three people aged 60+', { skip: sharedCommunesSkip }, () => {
  const communes = loadSharedCommunes();
  let people = 0;
  let population15 = 0;
  let people60 = 0;
  let population60 = 0;
  const f = computeFigures({ communes, places: [], datasets: [] }, DEFAULT_CONFIG);
  for (const c of f.territories.commune.values()) {
    const e = c.far_from_digital;
    if (e.people === null) continue;
    people += e.people;
    population15 += e.population_15plus!;
    for (const b of e.bands) {
      if (!['60_64', '65_74', '75_plus'].includes(b.key)) continue;
      people60 += b.people;
      population60 += b.population;
    }
  }
  close((100 * people) / population15, ILLECTRONISM_NATIONAL_RATE_PCT, 0.05);
  assert.ok(people60 / population60 > 1 / 3, `60+: ${(100 * people60) / population60} %`);
  // About 8.4 million people (15.4 % of 54.75 million aged 15+ in metropolitan France).
  assert.ok(people > 8.3e6 && people < 8.5e6, String(people));
});

test('Grenoble and the CC des Vallées d’Aigueblanche, by hand', { skip: sharedCommunesSkip }, () => {
  const f = computeFigures({ communes: loadSharedCommunes(), places: [], datasets: [], names: loadTerritoryNames() }, DEFAULT_CONFIG);
  // Grenoble, 156,140 inhabitants: 15–24 21.23 %, 25–54 40 %, 55–59 = 8.7 − 19.57 + 15.4 = 4.53 %, 60–64 = 19.57 − 15.4
  // = 4.17 %, 65–74 = 15.4 − 8.18 = 7.22 %, 75+ 8.18 %.
  // 156,140 × (21.23 × 2 + 40 × 2.8 + 4.53 × 11.6 + 4.17 × 17.6 + 7.22 × 31.5 + 8.18 × 62) / 10,000
  //   = 156,140 × (42.46 + 112 + 52.548 + 73.392 + 227.43 + 507.16) / 10,000 = 156,140 × 1,014.99 / 10,000 = 15,848.05
  const g = f.territories.commune.get('38185')!.far_from_digital;
  close(g.people, 15848.05386, 1e-4);
  // 15+ : 156,140 × (21.23 + 40 + 4.53 + 4.17 + 7.22 + 8.18) / 100 = 156,140 × 85.33 % = 133,234.26
  close(g.population_15plus, 133234.262, 1e-4);
  // The EPCI: Grand-Aigueblanche (merged commune, 3,780 inh.; 8.88, 37.11, 16.66, 31.26, 23.04, 10.96) → 538.38,
  // Les Avanchers-Valmorel (724; 7.85, 40.87, 17.86, 28.82, 19.62, 8.25) → 91.38,
  // La Léchère (merged, 2,538; 9.38, 38.49, 14.94, 27.72, 20.82, 9.58) → 327.21; all covered, so no extrapolation.
  const e = f.territories.epci.get('247300015')!.far_from_digital;
  close(e.people, 538.379352 + 91.3808908 + 327.2131728, 1e-6);
  assert.equal(e.population_share, 1);
  // The 6 communes "mortes pour la France" of the Meuse have no inhabitant: 0 people, not "unknown".
  assert.equal(f.territories.commune.get('55039')!.far_from_digital.people, 0);
});
