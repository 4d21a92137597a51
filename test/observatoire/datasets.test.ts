// The observatory's dataset registry and loading (issue 5, point 1), against a real database
// (PGlite, or PostgreSQL with TEST_DATABASE_URL): every dataset of the registry loads from its copy
// in ../shared/data, loading the same file again changes nothing, a new version replaces the old
// one in one transaction, and loadInputs gives the computations each commune's population and
// values — checked against the raw CSV lines — with « secret » for an empty cell and « missing »
// for a commune the file lacks; an indicator CSV of one's own is brought to COG 2026 through the
// passage table (merged communes: counts summed, rates weighted by population).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { DATASETS, datasetEntry } from '../../src/observatoire/datasets/registry.ts';
import { loadDataset, DatasetFileError } from '../../src/observatoire/datasets/load.ts';
import { loadDemoDatasets } from '../../src/observatoire/datasets/demo.ts';
import { listStoredDatasets, readDatasetFile, readIrisOf, storedDataset } from '../../src/observatoire/datasets/store.ts';
import { loadInputs } from '../../src/observatoire/inputs.ts';
import type { CommuneInput, ObservatoireInputs } from '../../src/observatoire/model.ts';
import { openTestDb } from '../support/test-db.ts';
import { FIXTURES, SHARED_DATA, scratchDir } from '../support/paths.ts';

const shared = (name: string) => join(SHARED_DATA, datasetEntry(name)!.file);
const allShared = DATASETS.every((d) => existsSync(shared(d.name)));
const needsShared = { skip: allShared ? false : `the copies in ${SHARED_DATA} are absent` } as const;
const INDICATORS = join(FIXTURES, 'observatoire/indicateurs-fusions.csv');
const SCRATCH = scratchDir('observatoire-datasets');

/** The header and the line of one commune in a shared CSV (gzipped), read as the file has them. */
function rawLine(name: string, code: string): Record<string, string> {
  const lines = gunzipSync(readFileSync(shared(name))).toString('utf8').split(/\r?\n/);
  const header = lines[0]!.split(',');
  const line = lines.find((l) => l.startsWith(`${code},`));
  assert.ok(line, `${code} in ${name}`);
  const cells = line.split(',');
  return Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
}

let db: Db;
let inputs: ObservatoireInputs | undefined;
const commune = (code: string): CommuneInput => {
  const c = inputs!.communes.find((x) => x.code === code);
  assert.ok(c, code);
  return c;
};

before(async () => {
  db = await openTestDb();
  mkdirSync(SCRATCH, { recursive: true });
});
after(async () => db?.close());

test('an indicator CSV of codes merged since 2018 leaves them out, and says why, while the passage table is not loaded', async () => {
  const result = await loadDataset(db, { name: 'equipements-test', path: INDICATORS, generic: { title: 'Équipements (test)' } });
  assert.equal(result.status, 'loaded');
  // 38151, 18023, 38560 and 01001 (its leading zero put back) are current communes; 38293, 18123
  // and 18239 merged since 2018 and only the passage table knows them; 99999 is no commune.
  assert.equal(result.rows, 4);
  assert.equal(result.report.unknown_codes, 4);
  assert.deepEqual(result.report.unknown_sample, ['38293', '18123', '18239', '99999']);
  assert.match(result.report.warnings!.join(' '), /table de passage n’est pas chargée/);
  assert.deepEqual(result.report.ignored_columns, ['commentaire']);
});

test('without the copies, a first start says which datasets it could not load', async () => {
  const log: string[] = [];
  await loadDemoDatasets(db, (m) => log.push(m), { PASSERELLE_DONNEES_DEMO: join(SCRATCH, 'absent') });
  assert.equal(log.length, 1);
  assert.match(log[0]!, /^Observatoire : pas de copie des jeux de données .* non chargés : passage-communes, insee-comparateur, communes-centroides, .*arcep-thd\. Voir passerelle data\.$/);
});

test('each dataset of the registry loads from its copy in ../shared/data; loading the same files again changes nothing', needsShared, async () => {
  const log: string[] = [];
  await loadDemoDatasets(db, (m) => log.push(m), { PASSERELLE_DONNEES_DEMO: SHARED_DATA });
  assert.match(log.join('\n'), /8 jeu\(x\) de données chargé\(s\)/);
  const stored = new Map((await listStoredDatasets(db)).map((d) => [d.name, d]));
  // Row counts of the SOURCE.md files (commune datasets: COG 2026 communes; comparateur: its
  // 34,931 COG 2024 communes are 34,867 of COG 2026; centroids: communes with a position).
  assert.deepEqual(Object.fromEntries(DATASETS.map((d) => [d.name, stored.get(d.name)?.rows])), {
    'passage-communes': 35357, 'insee-comparateur': 34867, 'communes-centroides': 34868, 'communes-contours': 34868,
    'territoires-contours': 1374, 'insee-rp2022-communes': 34738, 'insee-rp2022-iris': 48487, 'arcep-thd': 34870,
  });
  for (const entry of DATASETS) {
    const d = stored.get(entry.name)!;
    assert.equal(d.version, entry.version, `${entry.name}: the version the registry pins (same sha256)`);
    assert.equal(d.sha256, entry.sha256);
    assert.equal(d.source_url, entry.source_url);
  }
  assert.deepEqual(stored.get('territoires-contours')!.report.layers, { departements: 101, epci: 1255, regions: 18 });
  // Again: nothing is read, nothing written.
  const again = [];
  for (const entry of DATASETS) again.push((await loadDataset(db, { name: entry.name, path: shared(entry.name) })).status);
  assert.deepEqual(new Set(again), new Set(['unchanged']));
  const later: string[] = [];
  await loadDemoDatasets(db, (m) => later.push(m), { PASSERELLE_DONNEES_DEMO: SHARED_DATA });
  assert.deepEqual(later, [], 'a later start loads nothing and says nothing');
  assert.equal((await storedDataset(db, 'arcep-thd'))!.loaded_at, stored.get('arcep-thd')!.loaded_at);
  inputs = await loadInputs(db);
});

test('loadInputs gives Échirolles (38151) its population légale and the values of its lines in the census and ARCEP files', needsShared, async () => {
  const echirolles = commune('38151');
  assert.equal(echirolles.nom, 'Échirolles');
  assert.equal(echirolles.population, 37491);
  assert.equal(echirolles.epci_code, '200040715');
  assert.deepEqual([echirolles.latitude, echirolles.longitude], [45.14707, 5.71534]);
  // Read with zcat: pct_65plus 19.34, tx_pauvrete_filosofi2021 24.0, revenu_median_uc_2021 19930.0,
  // pct_non_couverture_thd 10.94 out of nbr 20666 premises.
  assert.equal(echirolles.values.pct_65plus, 19.34);
  assert.equal(echirolles.values.tx_pauvrete_filosofi2021, 24);
  assert.equal(echirolles.values.revenu_median_uc_2021, 19930);
  assert.equal(echirolles.values.pct_non_couverture_thd, 10.94);
  assert.equal(echirolles.values.nbr, 20666);
  // Every numeric column of both lines, as the files have them.
  for (const name of ['insee-rp2022-communes', 'arcep-thd']) {
    const line = rawLine(name, '38151');
    for (const [column, cell] of Object.entries(line)) {
      if (['code_insee', 'nom', 'dep', 'flag_exact_commune', 'date_donnees'].includes(column)) continue;
      assert.equal(echirolles.values[column], Number(cell), `${name} ${column}`);
    }
  }
  assert.equal(inputs!.communes.filter((c) => c.code.startsWith('975')).length, 0, 'no collectivité d’outre-mer');
  assert.equal(inputs!.communes.length, 34875);
  assert.deepEqual(inputs!.datasets.map((d) => d.name).sort(), [...DATASETS.map((d) => d.name), 'equipements-test'].sort());
  const rp = inputs!.datasets.find((d) => d.name === 'insee-rp2022-communes')!;
  assert.equal(rp.title, datasetEntry('insee-rp2022-communes')!.title);
  assert.equal(rp.rows, 34738);
  assert.ok(!Number.isNaN(Date.parse(rp.loaded_at)));
});

test('an empty cell reads as { missing: "secret" }; a commune the file lacks as { missing: "missing" }', needsShared, async () => {
  // L'Abergement-Clémenciat: Filosofi publishes no poverty rate below ~1,000 households (empty cell).
  assert.equal(rawLine('insee-rp2022-communes', '01001').tx_pauvrete_filosofi2021, '');
  assert.deepEqual(commune('01001').values.tx_pauvrete_filosofi2021, { missing: 'secret' });
  assert.equal(commune('01001').values.pct_65plus, 20.02);
  // 12218 is one of the 8 metropolitan communes absent from the census file (SOURCE.md).
  assert.deepEqual(commune('12218').values.pct_65plus, { missing: 'missing' });
  // DROM: not in the census file either, but in the ARCEP one.
  assert.deepEqual(commune('97411').values.pct_65plus, { missing: 'missing' });
  assert.equal(typeof commune('97411').values.pct_non_couverture_thd, 'number');
});

test('the comparateur brings its COG 2024 communes to COG 2026: Filain (02311) is counted in 02589, and its codes join the passage table', needsShared, async () => {
  const lines = gunzipSync(readFileSync(shared('insee-comparateur'))).toString('utf8').split(/\r?\n/).map((l) => l.split(','));
  const header = lines[0]!;
  const pop = header.indexOf('pop_2021');
  const parts = lines.filter((l) => l[1] === '02589');
  assert.deepEqual(parts.map((l) => l[0]).sort(), ['02311', '02589']);
  assert.equal(commune('02589').values.pop_2021, parts.reduce((sum, l) => sum + Number(l[pop]), 0));
  const [row] = await db.query<{ new_code: string }>(`SELECT new_code FROM observatoire_passage WHERE dataset = 'insee-comparateur' AND old_code = '02311'`);
  assert.equal(row!.new_code, '02589');
});

test('an indicator CSV is brought to COG 2026 through the passage table: counts summed, rates weighted by population', needsShared, async () => {
  const result = await loadDataset(db, { name: 'equipements-test', path: INDICATORS, generic: { title: 'Équipements (test)' } });
  assert.equal(result.status, 'unchanged', 'the same file: nothing to do');
  const forced = await loadDataset(db, { name: 'equipements-test', path: INDICATORS, generic: { title: 'Équipements (test)' }, force: true });
  assert.equal(forced.status, 'replaced');
  assert.equal(forced.rows, 4);
  assert.deepEqual(forced.report.unknown_sample, ['99999']);
  assert.equal(forced.report.weight_column, 'population');
  assert.deepEqual(forced.report.merged_sample, ['38560 ← 38293 + 38560', '18023 ← 18123 + 18239 + 18023']);
  const now = await loadInputs(db);
  const values = (code: string) => now.communes.find((c) => c.code === code)!.values;
  // Val-de-Virieu = 38293 (600 inhabitants) + 38560 (1,000).
  assert.equal(values('38560').population, 1600);
  assert.equal(values('38560').nb_conseillers, 5);
  assert.equal(values('38560').tx_equipement, (40 * 600 + 60 * 1000) / 1600); // 52.5
  assert.equal(values('38560').part_seniors, (20.5 * 600 + 30.5 * 1000) / 1600); // 26.75
  assert.equal(values('38560').revenu_median, (21000 * 600 + 22000 * 1000) / 1600); // « 21 000 » read as 21000
  // Baugy = 18123 (100) + 18239 (300) + 18023 (1,200); 18123 publishes no part_seniors.
  assert.equal(values('18023').population, 1600);
  assert.equal(values('18023').tx_equipement, (10 * 100 + 30 * 300 + 50 * 1200) / 1600); // 43.75
  assert.deepEqual(values('18023').part_seniors, { missing: 'secret' });
  // A commune in one row keeps its values; « s » is not published; a commune not in the file has none.
  assert.equal(values('38151').part_seniors, 19.3);
  assert.equal(values('01001').nb_conseillers, 1);
  assert.deepEqual(values('01001').part_seniors, { missing: 'secret' });
  assert.deepEqual(values('38185').tx_equipement, { missing: 'missing' });
  assert.equal(now.datasets.find((d) => d.name === 'equipements-test')!.title, 'Équipements (test)');
});

test('a new version replaces the old one; a load that fails leaves the loaded version as it was', needsShared, async () => {
  const before = await storedDataset(db, 'arcep-thd');
  const header = 'code_insee,nom,nbr,inel_hd,elig_hd05,elig_hd3,elig_hd8,elig_thd30,elig_thd100,elig_thd1g,pct_eligible_30mbps,pct_non_couverture_thd,nb_communes_source_2019,date_donnees';
  const newer = join(SCRATCH, 'arcep-nouvelle-version.csv.gz');
  writeFileSync(newer, gzipSync(`${header}\n38151,Échirolles,21000,0,0,0,100,0,0,20900,99.52,0.48,1,2025-06-30\n`));
  const replaced = await loadDataset(db, { name: 'arcep-thd', path: newer, version: '2025 T2 (essai)' });
  assert.equal(replaced.status, 'replaced');
  assert.equal(replaced.previousVersion, '2019 T3 · COG 2026');
  assert.match(replaced.report.warnings!.join(' '), /pas la version connue/);
  let now = await loadInputs(db);
  assert.equal(now.communes.find((c) => c.code === '38151')!.values.pct_non_couverture_thd, 0.48);
  assert.deepEqual(now.communes.find((c) => c.code === '01001')!.values.pct_non_couverture_thd, { missing: 'missing' }, 'nothing left of the old version');
  assert.equal(now.datasets.find((d) => d.name === 'arcep-thd')!.version, '2025 T2 (essai)');
  // Back to the known version.
  const back = await loadDataset(db, { name: 'arcep-thd', path: shared('arcep-thd') });
  assert.equal(back.status, 'replaced');
  assert.equal(back.version, before!.version);
  assert.equal(back.rows, 34870);

  // A centroids file placing no commune fails after the old positions were cleared, inside the
  // transaction: they are all still there.
  const none = join(SCRATCH, 'centroides-vides.csv');
  writeFileSync(none, 'code_insee,nom,dep,reg,epci,population,lat,lon,lat_interieur,lon_interieur,source_coord\n99999,Nulle part,99,99,,0,1,1,1,1,none\n');
  await assert.rejects(loadDataset(db, { name: 'communes-centroides', path: none }), (e: Error) => e instanceof DatasetFileError && /aucune commune/.test(e.message));
  const [placed] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM communes WHERE latitude IS NOT NULL');
  assert.equal(placed!.n, 34868);
  assert.equal((await storedDataset(db, 'communes-centroides'))!.sha256, datasetEntry('communes-centroides')!.sha256);
  // A truncated file is refused before anything is written.
  const truncated = join(SCRATCH, 'arcep-tronque.csv.gz');
  const whole = readFileSync(shared('arcep-thd'));
  writeFileSync(truncated, whole.subarray(0, whole.length / 2));
  await assert.rejects(loadDataset(db, { name: 'arcep-thd', path: truncated }), DatasetFileError);
  now = await loadInputs(db);
  assert.equal(now.communes.find((c) => c.code === '38151')!.values.pct_non_couverture_thd, 10.94);
});

test('the outlines are kept whole for the pages, and the IRIS of a commune can be read', needsShared, async () => {
  const file = await readDatasetFile(db, 'communes-contours');
  assert.ok(file);
  assert.equal(file.content_type, 'application/topo+json');
  assert.ok(file.content().equals(gunzipSync(readFileSync(shared('communes-contours')))));
  const territoires = await readDatasetFile(db, 'territoires-contours');
  assert.ok(territoires!.content().equals(readFileSync(shared('territoires-contours'))));
  // Échirolles has 15 IRIS (n_iris in the commune file).
  const iris = await readIrisOf(db, 'insee-rp2022-iris', '38151');
  assert.equal(iris.length, 15);
  assert.ok(iris.every((i) => i.code_iris.startsWith('38151') && typeof i.values.pop_rp2022 === 'number'));
  assert.equal(iris.reduce((sum, i) => sum + (i.values.pop_rp2022 ?? 0), 0), 36708, 'the commune file’s pop_rp2022');
});

test('places: the visible places of the catalog, free when « Gratuit » (or under condition), accompanied when helped in person', async () => {
  await importFile(db, { path: join(FIXTURES, '../browser/fixtures/lieux-pages.csv'), source: 'test-pages', actor: 'test' });
  await importFile(db, { path: join(FIXTURES, '../orientation/fixtures/lieu-ferme.csv'), source: 'test-ferme', actor: 'test' });
  const { places } = await loadInputs(db);
  const byName = new Map(places.map((p) => [p.nom, p]));
  assert.ok(!byName.has('Ancien point numérique des Écrins'), 'a place closed for good is left out');
  const fs = byName.get("Maison France services d'Échirolles")!;
  assert.equal(fs.commune_code, '38151');
  assert.equal(fs.free, true);
  assert.equal(fs.accompanied, true);
  assert.deepEqual([fs.latitude, fs.longitude], [45.1436, 5.7189]);
  assert.ok(fs.services.includes('Aide aux démarches administratives'));
  const bus = byName.get('Bus numérique du Trièves')!;
  assert.equal(bus.free, true);
  assert.equal(bus.accompanied, false, 'no modality given: not counted as accompanying');
  assert.deepEqual([...bus.communes_desservies].sort(), ['38052', '38242']);
});

test('a dataset name that is not in the registry, or an indicator CSV without a code column, is refused in French', async () => {
  await assert.rejects(loadDataset(db, { name: 'inconnu', path: INDICATORS }), /Jeu de données inconnu « inconnu »/);
  await assert.rejects(loadDataset(db, { name: 'arcep-thd', path: INDICATORS, generic: {} }), /est celui d’un jeu de données connu/);
  await assert.rejects(loadDataset(db, { name: 'Mon Jeu', path: INDICATORS, generic: {} }), /lettres minuscules/);
  const noCode = join(SCRATCH, 'sans-code.csv');
  writeFileSync(noCode, 'commune;valeur\nÉchirolles;3\n');
  await assert.rejects(loadDataset(db, { name: 'sans-code', path: noCode, generic: {} }), /aucune colonne de code commune \(« code_insee »/);
});
