// The parsers of three producers' own files, on tiny copies in their published layouts
// (test/fixtures/observatoire/official/arcep-cog/): ARCEP commune_debit_terrestre.csv, the INSEE
// comparateur zip and the INSEE COG mouvements des communes. Expected values are computed by hand
// below; the code mapper is a literal (current communes + a passage), no database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetFileError } from '../../src/observatoire/datasets/csv-reader.ts';
import { normalizeCode, type CodeMapper } from '../../src/observatoire/datasets/passage.ts';
import { parseArcepDebit } from '../../src/observatoire/datasets/official/arcep-debit.ts';
import { parseInseeComparateur } from '../../src/observatoire/datasets/official/insee-comparateur.ts';
import { parseInseeMouvements } from '../../src/observatoire/datasets/official/insee-mouvements.ts';
import { ARCEP_THD_OFFICIAL, INSEE_COMPARATEUR_OFFICIAL, PASSAGE_COMMUNES_OFFICIAL } from '../../src/observatoire/datasets/official/arcep-cog-sources.ts';

const FIXTURES = 'test/fixtures/observatoire/official/arcep-cog';
const tmp = mkdtempSync(join(tmpdir(), 'official-arcep-cog-'));

/** Current communes, and old codes → current ones (what communeCodeMapper reads from the database). */
function mapper(current: string[], passage: Record<string, string> = {}): CodeMapper {
  const set = new Set(current);
  return {
    resolve: (raw) => {
      const code = normalizeCode(raw);
      if (!code) return undefined;
      if (set.has(code)) return code;
      const to = passage[code];
      return to && set.has(to) ? to : undefined;
    },
    passageLoaded: Object.keys(passage).length > 0,
  };
}

// 01091 Châtillon-en-Michaille merged into 01033 Valserhône in 2019.
const COMMUNES = mapper(['01001', '01004', '01005', '01033'], { '01091': '01033' });

const valuesOf = (rows: { code: string; values: (number | null)[] }[]) => Object.fromEntries(rows.map((r) => [r.code, r.values]));

function writeTmp(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

test('ARCEP: type « all » rows only, cumulative classes, shares from counts; a merged commune is summed then recomputed', async () => {
  const parsed = await parseArcepDebit({ debit: `${FIXTURES}/commune_debit_terrestre.csv` }, { mapper: COMMUNES });
  const communes = parsed.content.communes!;
  assert.deepEqual(communes.columns, ['nbr', 'inel_hd', 'elig_hd3', 'elig_bhd8', 'elig_thd30', 'elig_thd100', 'elig_thd1g', 'pct_eligible_30mbps', 'pct_non_couverture_thd']);
  const v = valuesOf(communes.rows);
  // 01001: 6 of 379 premises at ≥ 30 Mbit/s: 100 × 6 / 379 = 1.583… → 1.58; 100 × (379 − 6) / 379 = 98.416… → 98.42.
  // Its « logement » row (340 premises) is not read (else 01001 would be a duplicate or 719 premises).
  assert.deepEqual(v['01001'], [379, 0, 379, 373, 6, 6, 0, 1.58, 98.42]);
  // 01004: no premises: shares unknown, not 0 % nor 100 %.
  assert.deepEqual(v['01004'], [0, 0, 0, 0, 0, 0, 0, null, null]);
  // 01005: elig_thd30 empty → null (not 0), so both shares are unknown; the other counts stay.
  assert.deepEqual(v['01005'], [812, 2, 810, 800, null, 700, 650, null, null]);
  // 01033 + 01091: nbr 300 + 100 = 400, elig_thd30 240 + 20 = 260 → 100 × 260 / 400 = 65, 100 × 140 / 400 = 35
  // (the mean of the two shares, 80 and 20, would give 50; weighted by nbr it is 65 too, but from the sums).
  assert.deepEqual(v['01033'], [400, 15, 385, 350, 260, 245, 230, 65, 35]);
  assert.equal(v['01091'], undefined);
  assert.equal(parsed.rows, 4);
  assert.equal(parsed.version, 'ARCEP Ma connexion internet, données au 2026-06-30');
  assert.equal(parsed.report.merged, 1);
  assert.deepEqual(parsed.report.merged_sample, ['01033 ← 01033 + 01091']);
  assert.equal(parsed.report.unknown_codes, 1);
  assert.deepEqual(parsed.report.unknown_sample, ['99999']);
  assert.equal(parsed.report.duplicates, 0);
});

test('ARCEP: a file without type/date/elig_thd30 is refused in French, naming the missing columns', async () => {
  // The 2019 derived layout: no type nor date column.
  const derived = writeTmp('arcep-2019.csv', 'code_insee,nom,nbr,elig_thd30\n01001,X,379,6\n');
  await assert.rejects(parseArcepDebit({ debit: derived }, { mapper: COMMUNES }), (e: Error) =>
    e instanceof DatasetFileError && /colonnes « type », « date » absentes/.test(e.message) && /commune_debit_terrestre\.csv de l’ARCEP/.test(e.message));
  const misspelt = writeTmp('arcep-typo.csv', 'code_insee;type;date;nbr;elig_thd_30\n01001;all;2026-06-30;379;6\n');
  await assert.rejects(parseArcepDebit({ debit: misspelt }, { mapper: COMMUNES }), (e: Error) =>
    e instanceof DatasetFileError && /colonne « elig_thd30 » absente/.test(e.message));
  const noAll = writeTmp('arcep-noall.csv', 'code_insee;type;date;nbr;elig_thd30\n01001;logement;2026-06-30;379;6\n');
  await assert.rejects(parseArcepDebit({ debit: noAll }, { mapper: COMMUNES }), /aucune ligne de type « all »/);
});

test('comparateur: the CSV is read from the zip, columns named as the derived file, rates recomputed from merged counts', async () => {
  const parsed = await parseInseeComparateur({ comparateur: `${FIXTURES}/base_cc_comparateur_csv.zip` }, { mapper: COMMUNES });
  const communes = parsed.content.communes!;
  assert.deepEqual(communes.columns, [
    'superficie_km2', 'pop_2021', 'pop_2015', 'menages_2021', 'naissances_2023', 'deces_2023',
    'pop_15_64_2021', 'actifs_15_64_2021', 'chomeurs_15_64_2021', 'tx_chomage_15_64_2021',
  ]);
  const v = valuesOf(communes.rows);
  // 01001: 100 × 27 / 417 = 6.474… → 6.47 (as the derived file has it).
  assert.deepEqual(v['01001'], [15.95, 832, 767, 341, 8, 5, 508, 417, 27, 6.47]);
  // 01004: P21_CHOM1564 empty (secret): chômeurs and rate null, never 0.
  assert.deepEqual(v['01004'], [3.5, 120, 110, 50, 1, 2, 70, 60, null, null]);
  // 01033 + 01091: area 10 + 5, pop 1000 + 500, 900 + 450, households 450 + 210, births 12 + 4, deaths 9 + 3,
  // 15–64 640 + 310, actifs 400 + 100 = 500, chômeurs 40 + 30 = 70 → 100 × 70 / 500 = 14
  // (a population-weighted mean of 10 % and 30 % would give 16.67, a simple mean 20).
  assert.deepEqual(v['01033'], [15, 1500, 1350, 660, 16, 12, 950, 500, 70, 14]);
  assert.equal(parsed.rows, 3);
  assert.deepEqual(parsed.content.passage, [{ old_code: '01091', new_code: '01033', method: 'comparateur_insee' }]);
  assert.equal(parsed.version, 'INSEE, comparateur de territoires (recensement 2021)');
  assert.ok(!parsed.report.warnings!.some((w) => /Édition/.test(w)));
});

test('comparateur: a newer edition (P22_) names its columns with its year and says so; a wrong file names the missing column', async () => {
  const p22 = writeTmp('base_cc_comparateur.csv',
    'CODGEO;P22_POP;P16_POP;SUPERF;NAIS23;DECES23;P22_MEN;P22_POP1564;P22_ACT1564;P22_CHOM1564\n01001;850;770;15.95;7;6;350;510;420;21\n');
  const parsed = await parseInseeComparateur({ comparateur: p22 }, { mapper: COMMUNES });
  assert.deepEqual(parsed.content.communes!.columns, [
    'superficie_km2', 'pop_2022', 'pop_2016', 'menages_2022', 'naissances_2023', 'deces_2023',
    'pop_15_64_2022', 'actifs_15_64_2022', 'chomeurs_15_64_2022', 'tx_chomage_15_64_2022',
  ]);
  // 100 × 21 / 420 = 5
  assert.deepEqual(parsed.content.communes!.rows[0], { code: '01001', values: [15.95, 850, 770, 350, 7, 6, 510, 420, 21, 5] });
  assert.ok(parsed.report.warnings!.some((w) => /recensement 2022/.test(w) && /pop_2022/.test(w)), parsed.report.warnings!.join(' | '));

  const wrong = writeTmp('comparateur-wrong.csv', 'CODGEO;P21_POP;SUPERF;P21_MEN;P21_POP1564;P21_ACT1564\n01001;832;15.95;341;508;417\n');
  await assert.rejects(parseInseeComparateur({ comparateur: wrong }, { mapper: COMMUNES }), (e: Error) =>
    e instanceof DatasetFileError && /colonne « P21_CHOM1564 » absente/.test(e.message) && /comparateur de territoires/.test(e.message));
  const noPop = writeTmp('comparateur-nopop.csv', 'CODGEO;SUPERF\n01001;15.95\n');
  await assert.rejects(parseInseeComparateur({ comparateur: noPop }, { mapper: COMMUNES }), /colonne « P21_POP » absente/);
});

test('mouvements: codes ended since 2018 go to their current commune, chains followed; rétablissements, renames and older events left out', async () => {
  const current = mapper(['01033', '02003', '04001', '04002', '07001', '09001', '10002']);
  const parsed = await parseInseeMouvements({ mouvements: `${FIXTURES}/v_mvt_commune_2026.csv` }, { mapper: current });
  assert.deepEqual(parsed.content.passage, [
    { old_code: '01091', new_code: '01033', method: 'insee_mvt_32' }, // commune nouvelle 2019
    { old_code: '02001', new_code: '02003', method: 'insee_mvt_31' }, // 2020 into 02002, itself into 02003 in 2024
    { old_code: '02002', new_code: '02003', method: 'insee_mvt_32' },
    { old_code: '06001', new_code: '07001', method: 'insee_mvt_41' }, // change of code
    { old_code: '08001', new_code: '08002', method: 'insee_mvt_31' }, // 08002 unknown to the mapper: INSEE's last code kept
    { old_code: '10001', new_code: '10002', method: 'insee_mvt_33' }, // fusion-association on 2018-01-01
  ]);
  // Not there: 03001 (2016), 04001 (merged 2019, restored 2023), 09001 (renamed), 01033 (kept its code).
  assert.equal(parsed.rows, 6);
  assert.equal(parsed.report.unknown_codes, 1);
  assert.deepEqual(parsed.report.unknown_sample, ['08001 → 08002']);
  assert.equal(parsed.version, 'INSEE, COG, mouvements des communes jusqu’au 2025-01-01');
  // The rétablissement is read from the file itself, not only from the mapper's current communes.
  const older = await parseInseeMouvements({ mouvements: `${FIXTURES}/v_mvt_commune_2026.csv` }, { mapper: mapper(['01033', '02003', '04002']) });
  assert.ok(!older.content.passage!.some((r) => r.old_code === '04001'));

  // The commune list of the COG instead of its movements.
  const wrong = writeTmp('v_commune_2026.csv', 'TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\nCOM,01001,84,01,01D,012,5,ABERGEMENT CLEMENCIAT,Abergement-Clémenciat,L\'Abergement-Clémenciat,0108,\n');
  await assert.rejects(parseInseeMouvements({ mouvements: wrong }, { mapper: current }), (e: Error) =>
    e instanceof DatasetFileError && /« MOD », « DATE_EFF », « TYPECOM_AV », « COM_AV », « TYPECOM_AP », « COM_AP » absentes/.test(e.message));
});

test('official sources: producer files with a role, an https address and a French title, read by their parser', () => {
  for (const [source, parse] of [[ARCEP_THD_OFFICIAL, parseArcepDebit], [INSEE_COMPARATEUR_OFFICIAL, parseInseeComparateur], [PASSAGE_COMMUNES_OFFICIAL, parseInseeMouvements]] as const) {
    assert.equal(source.parse, parse);
    assert.equal(source.files.length, 1);
    assert.match(source.files[0]!.url, /^https:\/\/(data\.arcep\.fr|www\.insee\.fr)\//);
    assert.match(source.licence, /Licence Ouverte/);
  }
  assert.equal(ARCEP_THD_OFFICIAL.files[0]!.role, 'debit');
  assert.equal(INSEE_COMPARATEUR_OFFICIAL.files[0]!.role, 'comparateur');
  assert.equal(PASSAGE_COMMUNES_OFFICIAL.files[0]!.role, 'mouvements');
});
