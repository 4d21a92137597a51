// The rules that bring old commune figures to COG 2026 (decision 023), without a database: which
// columns are rates, how merged communes' values combine, how cells and codes are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRate, mergeValues, normalizeCode } from '../../src/observatoire/datasets/passage.ts';
import { isIdentifierColumn, parseCell } from '../../src/observatoire/datasets/cells.ts';

test('a column named pct_, tx_, part_ (or taux_, ratio_, moy_, med_, …median…) is a rate; any other a count', () => {
  for (const c of ['pct_65plus', 'tx_chomage_15_64', 'part_pop_couverte_tx_pauvrete', 'taux_equipement', 'ratio_couverture_pop', 'revenu_median_uc_2021', 'med_revenu', 'moy_age']) assert.ok(isRate(c), c);
  for (const c of ['population', 'nbr', 'elig_thd30', 'pop_2021', 'superficie_km2', 'n_iris', 'partenaires']) assert.ok(!isRate(c), c);
});

test('merged communes: counts are summed, rates weighted by the weight column, an empty part empties the result', () => {
  const columns = ['population', 'nb', 'tx_a', 'pct_b'];
  assert.deepEqual(mergeValues([[600, 2, 40, 20.5], [1000, 3, 60, 30.5]], columns, 0), [1600, 5, 52.5, 26.75]);
  assert.deepEqual(mergeValues([[600, 2, 40, null], [1000, null, 60, 30.5]], columns, 0), [1600, null, 52.5, null]);
  // Without a weight column: a simple mean; with weights all zero, too.
  assert.deepEqual(mergeValues([[600, 2, 40, 20], [1000, 3, 60, 30]], columns, undefined), [1600, 5, 50, 25]);
  assert.deepEqual(mergeValues([[0, 0, 40, 20], [0, 0, 60, 30]], columns, 0), [0, 0, 50, 25]);
  // An empty weight: the rate is not known.
  assert.deepEqual(mergeValues([[null, 2, 40, 20], [1000, 3, 60, 30]], columns, 0), [null, 5, null, null]);
  // Float noise is rounded off at six decimals.
  assert.deepEqual(mergeValues([[1, 0.1, 0, 0], [1, 0.2, 0, 0]], columns, 0), [2, 0.3, 0, 0]);
});

test('cells: numbers as French spreadsheets write them; empty and « not published » markers are null; text is not a number', () => {
  assert.equal(parseCell('19.34'), 19.34);
  assert.equal(parseCell('25820.0'), 25820);
  assert.equal(parseCell('12,5'), 12.5);
  assert.equal(parseCell(' 21 000 '), 21000);
  assert.equal(parseCell('1\u202f234,5'), 1234.5);
  assert.equal(parseCell('-3'), -3);
  assert.equal(parseCell('12,5 %'), 12.5);
  assert.equal(parseCell('1e3'), 1000);
  for (const empty of ['', '  ', 's', 'S', 'nd', 'n.d.', 'NA', 'secret', '-', undefined]) assert.equal(parseCell(empty), null, String(empty));
  for (const text of ['Échirolles', 'single_iris', '2019-09-30', '0x10', '12,5,3']) assert.equal(parseCell(text), undefined, text);
  for (const c of ['code_insee', 'codgeo', 'nom', 'dep', 'lat', 'lon_interieur', 'typ_iris', 'date_donnees', 'epci']) assert.ok(isIdentifierColumn(c), c);
  for (const c of ['pop_2021', 'pct_65plus', 'nbr', 'departs']) assert.ok(!isIdentifierColumn(c), c);
});

test('codes: a lost leading zero is put back, Corsica keeps its letter, anything else is no commune code', () => {
  assert.equal(normalizeCode('1001'), '01001');
  assert.equal(normalizeCode(' 38151 '), '38151');
  assert.equal(normalizeCode('2a004'), '2A004');
  assert.equal(normalizeCode('97411'), '97411');
  for (const bad of ['', '381', '381512', 'ABCDE', '2C004']) assert.equal(normalizeCode(bad), undefined, bad);
});
