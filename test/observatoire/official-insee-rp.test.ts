// The parsers of INSEE's own files (census 2022 bases infracommunales, Filosofi 2021) behind
// insee-rp2022-iris and insee-rp2022-communes, on tiny zips in INSEE's layout
// (test/fixtures/observatoire/official/insee-rp/): three source communes — 01004 with two IRIS,
// 01001 and 01002 with one each, 01002 having merged into 01001 by 2026 — and 01399, unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatasetFileError } from '../../src/observatoire/datasets/csv-reader.ts';
import type { CommuneRow } from '../../src/observatoire/datasets/commune-csv.ts';
import type { IrisRow } from '../../src/observatoire/datasets/iris-csv.ts';
import type { CodeMapper } from '../../src/observatoire/datasets/passage.ts';
import type { OfficialFiles, OfficialSource } from '../../src/observatoire/datasets/official/official-parser.ts';
import { readZipCsv } from '../../src/observatoire/datasets/official/zip-csv.ts';
import { INSEE_RP_COMMUNES_OFFICIAL, INSEE_RP_IRIS_OFFICIAL } from '../../src/observatoire/datasets/official/insee-rp-sources.ts';

const DIR = 'test/fixtures/observatoire/official/insee-rp';

// COG 2026: 01001 and 01004 exist; 01002 merged into 01001; 01399 is known nowhere.
const mapper: CodeMapper = {
  resolve: (code) => ({ '01001': '01001', '01004': '01004', '01002': '01001' } as Record<string, string>)[code.trim()],
  passageLoaded: true,
};

/** The fixture of each of a source's files: the file name its URL ends with. */
function filesOf(source: OfficialSource, replace: Record<string, string> = {}): OfficialFiles {
  return Object.fromEntries(source.files.map((f) => [f.role, join(DIR, replace[f.role] ?? f.url.split('/').pop()!)]));
}

function valuesOf(columns: string[], values: (number | null)[]): Record<string, number | null> {
  return Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null]));
}

async function parseIris(replace?: Record<string, string>) {
  const parsed = await INSEE_RP_IRIS_OFFICIAL.parse(filesOf(INSEE_RP_IRIS_OFFICIAL, replace), { mapper });
  const iris = parsed.content.iris!;
  const byCode = new Map(iris.rows.map((r: IrisRow) => [r.code_iris, { ...r, v: valuesOf(iris.columns, r.values) }]));
  return { parsed, byCode };
}

async function parseCommunes(replace?: Record<string, string>) {
  const parsed = await INSEE_RP_COMMUNES_OFFICIAL.parse(filesOf(INSEE_RP_COMMUNES_OFFICIAL, replace), { mapper });
  const communes = parsed.content.communes!;
  const byCode = new Map(communes.rows.map((r: CommuneRow) => [r.code, valuesOf(communes.columns, r.values)]));
  return { parsed, byCode };
}

test('the sources point at insee.fr, under Licence Ouverte 2.0, with a fixture for every role', () => {
  for (const source of [INSEE_RP_IRIS_OFFICIAL, INSEE_RP_COMMUNES_OFFICIAL]) {
    assert.equal(source.licence, 'Licence Ouverte 2.0');
    assert.match(source.page, /^https:\/\/www\.insee\.fr\/fr\/statistiques\/\d+$/);
    for (const file of source.files) assert.match(file.url, /^https:\/\/www\.insee\.fr\/fr\/statistiques\/fichier\/\d+\/[^/]+\.zip$/, file.role);
    assert.equal(new Set(source.files.map((f) => f.role)).size, source.files.length, 'roles are unique');
  }
  assert.deepEqual(INSEE_RP_COMMUNES_OFFICIAL.files.map((f) => f.role), ['population', 'diplomes', 'menages', 'activite', 'filosofi_communes']);
  assert.deepEqual(INSEE_RP_IRIS_OFFICIAL.files.map((f) => f.role), ['population', 'diplomes', 'menages', 'activite', 'filosofi_iris', 'filosofi_communes']);
});

test('IRIS: shares of each IRIS\'s own counts, its commune in COG 2026, an unknown commune reported', async () => {
  const { parsed, byCode } = await parseIris();
  assert.deepEqual(parsed.content.iris!.columns, ['pop_rp2022', 'pct_moins15', 'pct_15_24', 'pct_65plus', 'pct_75plus', 'pct_peu_diplomes_15plus',
    'tx_chomage_15_64', 'pct_menages_1pers', 'pct_fam_monoparentales', 'pct_etrangers', 'tx_pauvrete_filosofi2021', 'revenu_median_uc_2021']);
  assert.equal(parsed.rows, 4);
  assert.equal(parsed.report.rows_read, 5);
  assert.equal(parsed.report.unknown_codes, 1);
  assert.deepEqual(parsed.report.unknown_sample, ['013990000 (01399)']);

  const a = byCode.get('010040101')!;
  assert.equal(a.commune_code, '01004');
  assert.equal(a.commune_code_source, '01004');
  assert.equal(a.typ_iris, 'H');
  assert.deepEqual(a.v, {
    pop_rp2022: 2000,
    pct_moins15: 20, // 400 / 2000
    pct_15_24: 10, // (60+70+130+180+160 = 600 under 25) − 400 under 15 = 200; / 2000
    pct_65plus: 17.5, // 350 / 2000
    pct_75plus: 7.5, // 150 / 2000
    pct_peu_diplomes_15plus: 40, // (200+100+300) / 1500
    tx_chomage_15_64: 10, // 100 / 1000
    pct_menages_1pers: 33.33, // 300 / 900
    pct_fam_monoparentales: 15, // 75 / 500
    pct_etrangers: 5, // 100 / 2000
    tx_pauvrete_filosofi2021: 18.5,
    revenu_median_uc_2021: 20150,
  });

  const b = byCode.get('010040102')!.v;
  assert.equal(b.pop_rp2022, 3001); // 3000.5 rounded
  assert.equal(b.pct_moins15, 16.68); // 500.5 / 3000.5 = 16.6806
  assert.equal(b.pct_15_24, 13.31); // (900 − 500.5) / 3000.5 = 13.3144
  assert.equal(b.pct_menages_1pers, 42.86); // 600 / 1400 = 42.857
  // Filosofi's « s » (secret) is empty, not 0; the median beside it is published.
  assert.equal(b.tx_pauvrete_filosofi2021, null);
  assert.equal(b.revenu_median_uc_2021, 17890);

  // An old commune's IRIS belongs to its 2026 commune and keeps its own code as the source.
  const old = byCode.get('010020000')!;
  assert.equal(old.commune_code, '01001');
  assert.equal(old.commune_code_source, '01002');
  assert.equal(old.typ_iris, 'Z');
  // A type Z IRIS (a commune not split) absent from Filosofi IRIS takes its commune's figures:
  // 01002's own row of the commune file (TP6021 15, Q221 19500), not 01001's.
  assert.equal(old.v.tx_pauvrete_filosofi2021, 15);
  assert.equal(old.v.revenu_median_uc_2021, 19500);
  assert.equal(old.v.tx_chomage_15_64, 10); // 10 / 100
  assert.equal(byCode.get('010010000')!.v.revenu_median_uc_2021, 21000);
  assert.ok(!byCode.has('013990000'));
  // The unknown IRIS is absent from the three other census files: said once per file.
  assert.equal(parsed.report.warnings!.filter((w) => /1 IRIS du fichier de population absents de/.test(w)).length, 3);
});

test('communes: IRIS counts summed per COG 2026 commune, then divided (not a mean of shares)', async () => {
  const { parsed, byCode } = await parseCommunes();
  const columns = parsed.content.communes!.columns;
  for (const c of ['pop_rp2022', 'pct_moins15', 'pct_15_24', 'pct_25_54', 'pct_55_64', 'pct_60plus', 'pct_65plus', 'pct_75plus', 'pct_80plus',
    'pct_peu_diplomes_15plus', 'tx_chomage_15_64', 'tx_chomage_15_24', 'pct_menages_1pers', 'pct_fam_monoparentales', 'tx_pauvrete_filosofi2021',
    'revenu_median_uc_2021']) assert.ok(columns.includes(c), c);
  assert.equal(parsed.rows, 2);
  assert.deepEqual([...byCode.keys()].sort(), ['01001', '01004']);

  // 01004 = IRIS 010040101 + 010040102; population 2000 + 3000.5 = 5000.5.
  assert.deepEqual(byCode.get('01004'), {
    pop_rp2022: 5001, // 5000.5 rounded
    n_iris: 2,
    pct_moins15: 18.01, // (400 + 500.5) / 5000.5 = 18.0082
    pct_15_24: 11.99, // (200 + 399.5) / 5000.5 = 11.9888
    pct_moins25: 30, // (600 + 900) / 5000.5 = 29.997
    pct_25_54: 42.01, // (380+420 + 600+700.5) / 5000.5 = 42.0058
    pct_55_64: 11, // (250 + 300) / 5000.5 = 10.9989
    pct_65_79: 12, // (250 + 350) / 5000.5 = 11.9988
    pct_60plus: 22, // (300+150 + 400+250) / 5000.5 = 21.9978
    pct_65plus: 17, // (350 + 500) / 5000.5 = 16.9983
    pct_75plus: 8, // (150 + 250) / 5000.5 = 7.9992
    pct_80plus: 5, // (100 + 150) / 5000.5 = 4.9995
    // (600 + 1100) / (1500 + 2200) = 45.9459; the mean of the IRIS shares (40, 50) would be 45.
    pct_peu_diplomes_15plus: 45.95,
    tx_chomage_15_64: 13, // (100 + 225) / (1000 + 1500)
    tx_chomage_15_24: 22, // (30 + 36) / (120 + 180)
    pct_menages_1pers: 39.13, // (300 + 600) / (900 + 1400) = 39.1304
    pct_fam_monoparentales: 17.92, // (75 + 140) / (500 + 700) = 17.9167
    pct_etrangers: 6, // (100 + 200) / 5000.5 = 5.9994
    pct_immigres: 9, // (150 + 300) / 5000.5 = 8.9991
    tx_pauvrete_filosofi2021: null, // TP6021 « s » in the commune file: secret, not 0
    revenu_median_uc_2021: 18500, // Q221 of FILO2021_DISP_COM (FILO2021_DEC_COM says 99999)
  });

  // 01001 in 2026 = old 01001 (800 inhabitants) + old 01002 (200).
  const merged = byCode.get('01001')!;
  assert.equal(merged.pop_rp2022, 1000);
  assert.equal(merged.n_iris, 2);
  assert.equal(merged.pct_moins15, 19); // (160 + 30) / 1000
  assert.equal(merged.pct_15_24, 6); // (200−160 + 50−30) / 1000
  assert.equal(merged.pct_60plus, 28.5); // (150+80 + 35+20) / 1000
  assert.equal(merged.pct_peu_diplomes_15plus, 42); // (240 + 75) / (600 + 150)
  assert.equal(merged.tx_chomage_15_24, 8.33); // (5 + 0) / (50 + 10)
  assert.equal(merged.pct_menages_1pers, 21.95); // (66 + 24) / (330 + 80) = 21.9512
  assert.equal(merged.pct_fam_monoparentales, 11.85); // (22 + 10) / (220 + 50) = 11.8519
  // Poverty of the merged commune, exact: poor persons over persons, (10×800 + 15×200) / (800 + 200).
  assert.equal(merged.tx_pauvrete_filosofi2021, 11);
  // Medians do not add up: empty rather than an approximation.
  assert.equal(merged.revenu_median_uc_2021, null);

  const report = parsed.report;
  assert.equal(report.rows_read, 5);
  assert.equal(report.merged, 1);
  assert.deepEqual(report.merged_sample, ['01001 ← 01001 + 01002']);
  assert.equal(report.unknown_codes, 1);
  assert.deepEqual(report.unknown_sample, ['01399']);
  assert.equal(report.weight_column, 'pop_rp2022');
  assert.ok(report.warnings!.some((w) => /indic-struct-distrib-revenu-2021-COMMUNES_csv\.zip : 1 code de commune inconnu \(01998\)/.test(w)), report.warnings!.join('\n'));
});

test('a missing count column is a warning in French, and only its indicators are empty', async () => {
  const { parsed, byCode } = await parseCommunes({ activite: 'activite-sans-1524_csv.zip' });
  const warning = parsed.report.warnings!.find((w) => w.includes('P22_ACT1524'));
  assert.ok(warning, parsed.report.warnings!.join('\n'));
  assert.match(warning!, /activite-sans-1524_csv\.zip › base-ic-activite-residents-2022\.CSV : colonnes « P22_ACT1524 », « P22_CHOM1524 » absentes/);
  assert.equal(byCode.get('01004')!.tx_chomage_15_24, null);
  assert.equal(byCode.get('01004')!.tx_chomage_15_64, 13);
});

test('errors a user can fix name the file and the column, in French', async () => {
  await assert.rejects(parseIris({ diplomes: 'diplomes-sans-iris_csv.zip' }), (error: Error) => {
    assert.ok(error instanceof DatasetFileError);
    assert.match(error.message, /^diplomes-sans-iris_csv\.zip › base-ic-diplomes-formation-2022\.CSV : colonne « IRIS » absente ; est-ce le bon fichier de l’INSEE \? \(colonnes trouvées : CODE_IRIS, COM/);
    return true;
  });
  await assert.rejects(parseCommunes({ population: 'pas-une-archive.zip' }), (error: Error) => {
    assert.ok(error instanceof DatasetFileError);
    assert.match(error.message, /^pas-une-archive\.zip : ce n’est pas une archive zip lisible/);
    return true;
  });
  // The Filosofi IRIS zip has no FILO2021_DISP_COM.csv: the file expected is named.
  await assert.rejects(parseCommunes({ filosofi_communes: 'BASE_TD_FILO_IRIS_2021_DISP_CSV.zip' }), /BASE_TD_FILO_IRIS_2021_DISP_CSV\.zip : l’archive ne contient pas le fichier CSV attendu \(DISP_COM/);
  const files = { ...filesOf(INSEE_RP_IRIS_OFFICIAL) } as Record<string, string>;
  delete files.menages;
  await assert.rejects(INSEE_RP_IRIS_OFFICIAL.parse(files, { mapper }), /Le fichier « menages » de l’INSEE manque/);
});

test('a zip\'s data CSV is chosen over its meta_ file, read with the header lower-cased', async () => {
  const table = await readZipCsv(join(DIR, 'base-ic-evol-struct-pop-2022_csv.zip'));
  assert.equal(table.file, 'base-ic-evol-struct-pop-2022_csv.zip › base-ic-evol-struct-pop-2022.CSV');
  assert.equal(table.columns.length, 76);
  assert.deepEqual(table.columns.slice(0, 5), ['iris', 'com', 'typ_iris', 'lab_iris', 'p22_pop']);
  assert.equal(table.rows.length, 5);
});
