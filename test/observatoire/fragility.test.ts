// Issue 5, point 2: "each indicator scored by its decile within the same territorial level,
// averaged into a 1–10 score, with variants; missing values handled explicitly and shown, never
// silently read as zero" — on hand-made communes for the edge cases, then against figures worked
// out by hand from the shared open data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLevels, weightedMeans, REASON_INSUFFICIENT, REASON_MISSING, REASON_NONE, REASON_SECRET, communeColumn } from '../../src/observatoire/aggregate.ts';
import { decilesOf, scoresOf } from '../../src/observatoire/fragility.ts';
import { computeFigures, type ObservatoireFigures } from '../../src/observatoire/figures.ts';
import { DEFAULT_CONFIG } from '../../src/observatoire/indicators/config.ts';
import { commune, MISSING, SECRET } from './support/synthetic.ts';
import { loadSharedCommunes, loadTerritoryNames, sharedCommunesSkip } from './support/shared-communes.ts';

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-9) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

// ---------------------------------------------------------------------------------------------
// Deciles

test('ten distinct values fill the ten deciles, 10 at the fragile end', () => {
  const values = Float64Array.from([5, 1, 9, 3, 7, 2, 10, 4, 8, 6]);
  assert.deepEqual([...decilesOf(values, 'higher')], [5, 1, 9, 3, 7, 2, 10, 4, 8, 6]);
  // Median income: lower is more fragile, the scale turns round (d → 11 − d).
  assert.deepEqual([...decilesOf(values, 'lower')], [6, 10, 2, 8, 4, 9, 1, 7, 3, 5]);
});

test('equal values get the same decile, from their mid-rank, whatever the order of the input', () => {
  // 20 territories: 10 at 0, then 1…10. The zeros: less = 0, equal = 10 → p = 5/20 → decile 3.
  // Value 1: less = 10, equal = 1 → p = 10.5/20 = 0.525 → decile 6; value 10: p = 19.5/20 → 10.
  const values = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const d = decilesOf(Float64Array.from(values), 'higher');
  assert.deepEqual([...d.slice(0, 10)], Array(10).fill(3));
  assert.equal(d[10], 6);
  assert.equal(d[19], 10);
  const shuffled = [...values].reverse();
  const e = decilesOf(Float64Array.from(shuffled), 'higher');
  shuffled.forEach((v, i) => assert.equal(e[i], d[values.indexOf(v)]));
});

test('a missing value has no decile and does not count among the others; a lone value or all-equal values are in decile 6', () => {
  const d = decilesOf(Float64Array.from([Number.NaN, 4, Number.NaN, 2]), 'higher');
  assert.deepEqual([...d], [0, 8, 0, 3]); // n = 2: p = 1.5/2 → 8, p = 0.5/2 → 3
  assert.deepEqual([...decilesOf(Float64Array.from([7]), 'higher')], [6]);
  assert.deepEqual([...decilesOf(Float64Array.from([3, 3, 3]), 'lower')], [6, 6, 6]);
  assert.deepEqual([...decilesOf(Float64Array.from([Number.NaN, Number.NaN]), 'higher')], [0, 0]);
});

// ---------------------------------------------------------------------------------------------
// Scores

const variant = {
  label: 'Essai', description: '',
  indicators: [{ key: 'pct_65plus', weight: 2 }, { key: 'tx_pauvrete_filosofi2021', weight: 1 }, { key: 'pct_non_couverture_thd', weight: 1 }],
} as const;

test('the score is the weighted mean of the deciles available, and none below half the weight', () => {
  const deciles = new Map([
    ['pct_65plus', Uint8Array.from([8, 8, 0, 0])],
    ['tx_pauvrete_filosofi2021', Uint8Array.from([2, 0, 5, 0])],
    ['pct_non_couverture_thd', Uint8Array.from([5, 3, 7, 0])],
  ]);
  const { scores, weightShares } = scoresOf(variant as never, deciles, 4, 0.5);
  close(scores[0], (2 * 8 + 2 + 5) / 4); // all there: 23 / 4 = 5.75
  close(scores[1], (2 * 8 + 3) / 3); // poverty secret: 19 / 3 = 6.33…, 3/4 of the weight
  close(weightShares[1], 0.75);
  // Only poverty and THD (2 of 4 of the weight): exactly half is enough.
  close(scores[2], 6);
  close(weightShares[2], 0.5);
  // Nothing: no score, not a score of 0.
  assert.ok(Number.isNaN(scores[3]));
  assert.equal(weightShares[3], 0);
  const strict = scoresOf(variant as never, deciles, 4, 0.6);
  assert.ok(Number.isNaN(strict.scores[2]), 'below 60 % of the weight: no score');
});

// ---------------------------------------------------------------------------------------------
// Aggregates

test('an EPCI value is the population-weighted mean over the communes that have it, with the share covered; under half → missing', () => {
  const communes = [
    commune('01001', { tx_pauvrete_filosofi2021: 10 }, { population: 3000, epci_code: 'A' }),
    commune('01002', { tx_pauvrete_filosofi2021: 20 }, { population: 1000, epci_code: 'A' }),
    commune('01003', { tx_pauvrete_filosofi2021: SECRET }, { population: 1000, epci_code: 'A' }),
    commune('01004', { tx_pauvrete_filosofi2021: 30 }, { population: 1000, epci_code: 'B' }),
    commune('01005', { tx_pauvrete_filosofi2021: SECRET }, { population: 2000, epci_code: 'B' }),
    commune('01006', { tx_pauvrete_filosofi2021: SECRET }, { population: 500, epci_code: 'C' }),
    commune('01007', {}, { population: 400, epci_code: 'C' }),
  ];
  const levels = buildLevels(communes);
  const { values, reasons } = communeColumn(levels.communes, 'tx_pauvrete_filosofi2021');
  assert.deepEqual([...reasons], [REASON_NONE, REASON_NONE, REASON_SECRET, REASON_NONE, REASON_SECRET, REASON_SECRET, REASON_MISSING]);
  const pop = levels.communes.map((c) => c.population);
  const epci = weightedMeans(levels.tables.epci, values, reasons, pop, 0.5);
  // A: (3000 × 10 + 1000 × 20) / 4000 = 12.5, 4000 / 5000 = 80 % of the population.
  close(epci.values[0], 12.5);
  close(epci.shares[0], 0.8);
  // B: only 1000 of 3000 inhabitants have the value → not computed, and said so.
  assert.ok(Number.isNaN(epci.values[1]));
  close(epci.shares[1], 1 / 3);
  assert.equal(epci.reasons[1], REASON_INSUFFICIENT);
  // C: nobody has it; most of its population (500 of 900) is under secrecy.
  assert.equal(epci.reasons[2], REASON_SECRET);
  // With a rule of 25 %, B's mean over its one commune is kept.
  close(weightedMeans(levels.tables.epci, values, reasons, pop, 0.25).values[1], 30);
});

test('figures show each missing value with its reason and keep the components of every score', () => {
  const communes = [
    commune('38001', { pct_65plus: 30, pct_non_couverture_thd: 50, tx_pauvrete_filosofi2021: SECRET }),
    commune('38002', { pct_65plus: 10, pct_non_couverture_thd: MISSING, tx_pauvrete_filosofi2021: 12 }),
    // No inhabitant, no value: present, without score, nothing read as 0.
    commune('38003', { pct_65plus: SECRET }, { population: 0 }),
  ];
  const f = computeFigures({ communes, places: [], datasets: [] }, DEFAULT_CONFIG);
  const c1 = f.territories.commune.get('38001')!;
  assert.deepEqual(c1.indicators.tx_pauvrete_filosofi2021, { key: 'tx_pauvrete_filosofi2021', value: null, missing: 'secret', population_share: 0, decile: null });
  assert.equal(f.territories.commune.get('38002')!.indicators.pct_non_couverture_thd.missing, 'missing');
  // An indicator the inputs do not carry at all (chômage here) is 'missing', not 0.
  assert.equal(c1.indicators.tx_chomage_15_64.missing, 'missing');
  const score = c1.scores.tout_age!;
  assert.deepEqual(score.components.map((c) => [c.key, c.decile, c.missing]), [
    ['pct_non_couverture_thd', 6, null], ['tx_pauvrete_filosofi2021', null, 'secret'], ['pct_65plus', 8, null],
    ['pct_peu_diplomes_15plus', null, 'missing'], ['tx_chomage_15_64', null, 'missing'], ['pct_menages_1pers', null, 'missing'],
  ]);
  // 2 of 6 equal weights: no score, and why.
  assert.equal(score.score, null);
  assert.equal(score.missing, 'insufficient_weight');
  close(score.weight_share, 2 / 6);
  const empty = f.territories.commune.get('38003')!;
  assert.equal(empty.indicators.pct_65plus.missing, 'secret');
  assert.equal(empty.scores.tout_age!.score, null);
  assert.equal(empty.coverage.places_per_10000, null);
  // The département: pct_65plus over 38001 and 38002 (the third has no inhabitant): (30 + 10) / 2.
  close(f.territories.departement.get('38')!.indicators.pct_65plus.value, 20);
});

// ---------------------------------------------------------------------------------------------
// Against the shared open data, worked out by hand.
//
// Deciles were counted with awk over the same files, e.g. for Grenoble's share of 65+:
//   zcat communes-indicateurs-rp2022-metro.csv.gz | awk -F, 'NR>1 && $15!="" {n++; if ($15+0 < 15.4) l++; else if ($15+0 == 15.4) e++}'
//   → n = 34,732 communes with a value, l = 3,730 below 15.4, e = 13 equal;
//   decile = ⌊(10 × 3,730 + 5 × 13) / 34,732⌋ + 1 = ⌊1.0758⌋ + 1 = 2.
// (pct_non_couverture_thd: ARCEP file, column 12, n = 34,742 communes of the COG 2026 list.)

let shared: ObservatoireFigures | undefined;
const figures = () => (shared ??= computeFigures({ communes: loadSharedCommunes(), places: [], datasets: [], names: loadTerritoryNames() }, DEFAULT_CONFIG));

test('Grenoble (38185): deciles and the « Tout âge » score as counted by hand', { skip: sharedCommunesSkip }, () => {
  const g = figures().territories.commune.get('38185')!;
  assert.equal(g.name, 'Grenoble');
  assert.deepEqual(g.parents, { epci: ['200040715'], departement: ['38'], region: ['84'] });
  const expected: Record<string, [value: number, decile: number]> = {
    pct_non_couverture_thd: [7.38, 1], //    n 34,742, less 2,973, equal 1  → ⌊(29,730 + 5) / 34,742⌋ + 1 = 1
    tx_pauvrete_filosofi2021: [21, 9], //   n 4,304, less 3,631, equal 97   → ⌊(36,310 + 485) / 4,304⌋ + 1 = 8 + 1 = 9
    pct_65plus: [15.4, 2], //               n 34,732, less 3,730, equal 13 → 2
    pct_peu_diplomes_15plus: [34.47, 1], // n 34,732, less 1,115, equal 2  → ⌊11,160 / 34,732⌋ + 1 = 1
    tx_chomage_15_64: [13.49, 9], //        n 34,658, less 29,561, equal 11 → ⌊295,665 / 34,658⌋ + 1 = 8 + 1 = 9
    pct_menages_1pers: [54.48, 10], //      n 34,728, less 34,309, equal 1 → ⌊343,095 / 34,728⌋ + 1 = 10
  };
  for (const [key, [value, decile]] of Object.entries(expected)) {
    const i = g.indicators[key as keyof typeof g.indicators];
    assert.equal(i.value, value, key);
    assert.equal(i.decile, decile, key);
  }
  // (1 + 9 + 2 + 1 + 9 + 10) / 6 = 32 / 6
  close(g.scores.tout_age!.score, 32 / 6);
  assert.equal(g.scores.tout_age!.weight_share, 1);
});

test('Échirolles (38151): a poorer commune of the same EPCI scores higher', { skip: sharedCommunesSkip }, () => {
  const e = figures().territories.commune.get('38151')!;
  // THD 10.94 → less 3,737, equal 3 → ⌊37,385 / 34,742⌋ + 1 = 2; poverty 24 → less 3,901, equal 63 → ⌊39,325 / 4,304⌋ + 1 = 10;
  // 65+ 19.34 → less 10,353, equal 13 → 3; peu diplômés 54.83 → less 18,050, equal 12 → 6;
  // chômage 16.48 → less 32,217, equal 6 → 10; ménages d'une personne 41.61 → less 30,556, equal 6 → 9.
  assert.deepEqual(e.scores.tout_age!.components.map((c) => c.decile), [2, 10, 3, 6, 10, 9]);
  close(e.scores.tout_age!.score, 40 / 6);
  assert.ok(e.scores.tout_age!.score! > figures().territories.commune.get('38185')!.scores.tout_age!.score!);
});

test('Ambel (38008), 35 inhabitants: secret values are shown as such and the score rests on the others', { skip: sharedCommunesSkip }, () => {
  const a = figures().territories.commune.get('38008')!;
  assert.equal(a.population, 35);
  // Poverty is not published for communes this small, the 15–24 unemployment rate is empty (secret).
  assert.equal(a.indicators.tx_pauvrete_filosofi2021.missing, 'secret');
  assert.equal(a.indicators.tx_chomage_15_24.missing, 'secret');
  assert.equal(a.indicators.tx_chomage_15_24.value, null);
  // Tout âge: THD 0 % (547 communes at 0: ⌊5 × 547 / 34,742⌋ + 1 = 1), poverty secret, 65+ 43.75 % (less 34,144,
  // equal 7 → 10), peu diplômés 40 % (less 2,898, equal 69 → 1), chômage 15–64 0 % (equal 491 → 1),
  // ménages d'une personne 50 % (less 33,448, equal 582 → 10): (1 + 10 + 1 + 1 + 10) / 5 = 4.6 on 5/6 of the weight.
  assert.deepEqual(a.scores.tout_age!.components.map((c) => c.decile), [1, null, 10, 1, 1, 10]);
  close(a.scores.tout_age!.score, 23 / 5);
  close(a.scores.tout_age!.weight_share, 5 / 6);
  // Jeunes: THD 1, poverty secret, 15–24 0 % (equal 198 → 1), peu diplômés 1, chômage 15–24 secret,
  // monoparentales 0 % (equal 5,541 → ⌊27,705 / 34,728⌋ + 1 = 1): 4 / 4 = 1 on 4/6 of the weight.
  close(a.scores.jeunes!.score, 1);
  close(a.scores.jeunes!.weight_share, 4 / 6);
});

test('CC des Vallées d’Aigueblanche (247300015), two merged communes and a secret value: EPCI means by hand', { skip: sharedCommunesSkip }, () => {
  const f = figures();
  const e = f.territories.epci.get('247300015')!;
  assert.equal(e.name, "CC des Vallées d'Aigueblanche"); // from decoupage-administratif, like the territories tables
  // Grand-Aigueblanche 73003 (3,780 inh., merged with 73045 and 73266), Les Avanchers-Valmorel 73024 (724),
  // La Léchère 73187 (2,538, merged with 73046 and 73112): 7,042 inhabitants.
  assert.equal(e.population, 7042);
  assert.equal(e.communes, 3);
  // Poverty: 9 % and 12 %, Les Avanchers-Valmorel secret → (3,780 × 9 + 2,538 × 12) / 6,318 = 64,476 / 6,318,
  // over 6,318 / 7,042 = 89.7 % of the population (≥ 50 %: kept).
  close(e.indicators.tx_pauvrete_filosofi2021.value, 64476 / 6318);
  close(e.indicators.tx_pauvrete_filosofi2021.population_share, 6318 / 7042);
  // THD: (3,780 × 84.27 + 724 × 50.27 + 2,538 × 89.78) / 7,042 = 582,797.72 / 7,042 = 82.76.
  close(e.indicators.pct_non_couverture_thd.value, 582797.72 / 7042);
  assert.equal(e.indicators.pct_non_couverture_thd.population_share, 1);
  // 65+: (3,780 × 23.04 + 724 × 19.62 + 2,538 × 20.82) / 7,042 = 154,137.24 / 7,042 = 21.89.
  close(e.indicators.pct_65plus.value, 154137.24 / 7042);
  // A merged commune carries the values of the whole new commune (ARCEP summed its 3 former communes: 84.27 %).
  assert.equal(f.territories.commune.get('73003')!.indicators.pct_non_couverture_thd.value, 84.27);
  // The EPCI's score is the weighted mean of its deciles among the 1,2xx EPCI.
  const s = e.scores.tout_age!;
  const deciles = s.components.map((c) => c.decile!);
  assert.ok(deciles.every((d) => d >= 1 && d <= 10));
  close(s.score, deciles.reduce((a, b) => a + b, 0) / deciles.length);
});

test('every level is ranked among its own territories: about a tenth of the EPCI in each decile', { skip: sharedCommunesSkip }, () => {
  const epci = [...figures().territories.epci.values()];
  const counts = new Array(11).fill(0);
  for (const e of epci) if (e.indicators.pct_65plus.decile !== null) counts[e.indicators.pct_65plus.decile]++;
  const ranked = counts.reduce((a, b) => a + b, 0);
  assert.ok(ranked > 1200, `${ranked} EPCI ranked`);
  for (let d = 1; d <= 10; d++) assert.ok(Math.abs(counts[d] - ranked / 10) <= 2, `decile ${d}: ${counts[d]} of ${ranked}`);
  // The 8 metropolitan communes absent from the census file have no value and no score, and say why.
  const absent = figures().territories.commune.get('69114')!;
  assert.equal(absent.indicators.pct_65plus.missing, 'missing');
  assert.equal(absent.scores.tout_age!.missing, 'insufficient_weight');
});
