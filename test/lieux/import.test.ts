// The référentiel's import use case against a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): the seeded regional dataset, idempotent re-imports, updates with history,
// all-or-nothing imports, and the extensions (kinds, status, itinerant schedules).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { listLieux } from '../../src/lieux/catalog/list-lieux.ts';
import { openTestDb } from '../support/test-db.ts';
import { DEMO_DATASET, FIXTURES, scratchDir } from '../support/paths.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(async () => {
  await db.close();
});

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n ${sql}`, params))[0]!.n;

test('the Auvergne-Rhône-Alpes hub file (v0 format) imports its 687 places, each in its commune', async () => {
  const report = await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
  assert.equal(report.format, 'v0-json');
  assert.equal(report.rows_read, 687);
  assert.equal(report.created, 687);
  assert.equal(report.rows_rejected, 0);
  assert.equal(await count('FROM lieux'), 687);
  assert.equal(await count('FROM source_records WHERE source = $1', ['hinaura']), 687);
  // Every place of the hub is located in a commune of the region (84 = Auvergne-Rhône-Alpes),
  // but for two communes merged since 2019 that the file still names (Entremont, Les Molettes):
  // those are imported and reported, for the data manager to fix.
  assert.equal(await count("FROM lieux WHERE region_code = '84'"), 685);
  const unknown = report.issues.filter((i) => i.column === 'commune');
  assert.deepEqual(unknown.map((i) => [i.value, i.severity]).sort(), [['Entremont', 'warning'], ['Les Molettes', 'warning']]);
  assert.equal(await count('FROM lieux WHERE commune_code IS NULL'), 2);
  const echirolles = await listLieux(db, { commune: '38151' }, { limit: 50 });
  assert.ok(echirolles.items.length >= 2, 'Échirolles has places in the hub file');
  assert.ok(echirolles.items.every((l) => l.commune_nom === 'Échirolles'));
});

test('re-importing the same file changes nothing', async () => {
  const logBefore = await count('FROM change_log');
  const report = await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
  assert.deepEqual([report.created, report.updated, report.unchanged], [0, 0, 687]);
  assert.equal(await count('FROM lieux'), 687);
  assert.equal(await count('FROM change_log'), logBefore);
});

test('a changed row updates its place and the change is logged with who, when and the diff', async () => {
  const rows = JSON.parse(readFileSync(DEMO_DATASET, 'utf8')) as Record<string, string>[];
  rows[0] = { ...rows[0]!, horaires: 'Mo-Fr 08:00-18:00', date_maj: '2024-01-15' };
  const dir = scratchDir('import-update');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/source.json`, JSON.stringify(rows));
  const report = await importFile(db, { path: `${dir}/source.json`, source: 'hinaura', actor: 'alice' });
  assert.deepEqual([report.created, report.updated, report.unchanged], [0, 1, 686]);
  const [log] = await db.query<{ actor: string; action: string; lieu_id: string; details: { diff: Record<string, [unknown, unknown]> } }>(
    "SELECT actor, action, lieu_id, details FROM change_log WHERE action = 'lieu.update' ORDER BY id DESC LIMIT 1",
  );
  assert.equal(log!.actor, 'alice');
  assert.deepEqual(log!.details.diff.horaires, ['Tu-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00', 'Mo-Fr 08:00-18:00']);
  assert.deepEqual(log!.details.diff.date_maj, ['2021-05-05', '2024-01-15']);
  const lieu = await getLieu(db, log!.lieu_id);
  assert.equal(lieu!.data.horaires, 'Mo-Fr 08:00-18:00');
});

test('an import that fails midway leaves the database exactly as it was', async () => {
  const before = { lieux: await count('FROM lieux'), records: await count('FROM source_records'), runs: await count('FROM import_runs'), log: await count('FROM change_log') };
  await assert.rejects(
    importFile(db, {
      path: DEMO_DATASET, source: 'autre-source', actor: 'test', batchSize: 100,
      // Simulates the process being stopped after three batches were written.
      onProgress: ({ rows }) => {
        if (rows >= 300) throw new Error('interrupted');
      },
    }),
    /interrupted/,
  );
  assert.deepEqual(
    { lieux: await count('FROM lieux'), records: await count('FROM source_records'), runs: await count('FROM import_runs'), log: await count('FROM change_log') },
    before,
  );
});

test('places carry their kind, status with dates, and the communes an itinerant service visits', async () => {
  const report = await importFile(db, { path: `${FIXTURES}import/deux-lieux.csv`, source: 'test-extensions', actor: 'test' });
  assert.equal(report.format, 'lieux-csv');
  assert.deepEqual(report.issues, []);
  assert.equal(report.created, 3);

  const villeneuve = (await listLieux(db, { q: 'villeneuve geants' }, { limit: 5 })).items;
  assert.equal(villeneuve.length, 1);
  assert.equal(villeneuve[0]!.status, 'temporarily_closed');
  assert.deepEqual(villeneuve[0]!.data.status, { value: 'temporarily_closed', from: '2024-07-01', until: '2024-08-31' });
  assert.equal(villeneuve[0]!.data.horaires, 'Mo-Fr 09:00-12:00; PH off');

  // The bus is based in Mens but is found in the communes it visits.
  const inMonestier = (await listLieux(db, { commune: '38242' }, { limit: 5 })).items.map((l) => l.data.nom);
  assert.deepEqual(inMonestier, ['Bus numérique du Trièves']);
  const bus = (await listLieux(db, { commune: '38052' }, { limit: 5 })).items[0]!;
  assert.equal(bus.commune_code, '38226', 'its base stays Mens');
  assert.deepEqual(bus.data.itinerance_passages, [
    { commune_code: '38242', horaires: 'Fr[1] 17:00-19:00' },
    { commune_code: '38052', horaires: 'We[2] 09:00-12:00', lieu: 'Parking de la salle des fêtes' },
  ]);
  assert.deepEqual((await listLieux(db, { commune: '38226' }, { limit: 5 })).items.map((l) => l.data.nom), ['Bus numérique du Trièves']);

  const wifi = (await listLieux(db, { kind: ['public_wifi'] }, { limit: 5 })).items.map((l) => l.data.nom);
  assert.deepEqual(wifi, ['Wifi du parc Paul Mistral']);
  const mediation = await listLieux(db, { kind: ['mediation'], departement: '38' }, { limit: 1 });
  assert.ok(mediation.total > 2);
});

test('lists count every matching place, on every page', async () => {
  const all = await listLieux(db, {}, { limit: 10 });
  assert.equal(all.total, await count('FROM lieux WHERE merged_into IS NULL'));
  const second = await listLieux(db, {}, { limit: 10, after: all.next! });
  assert.equal(second.total, all.total);
  assert.notEqual(second.items[0]!.id, all.items[0]!.id);
  const small = await listLieux(db, { commune: '38151' }, { limit: 50 });
  assert.equal(small.total, small.items.length);
  assert.equal(small.next, undefined, 'a page that holds everything has no next page');
});
