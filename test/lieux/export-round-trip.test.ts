// Exports are faithful: the demo dataset exported as lieux-csv, imported under another source into
// a fresh database and exported again gives the very same file; so do the lieux-json and GeoJSON
// exports. Re-importing an export changes nothing, and the data·inclusion export imports back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Db } from '../../src/platform/db.ts';
import type { LieuData } from '../../src/lieux/domain/lieu.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { exportLieux, type ExportFormat } from '../../src/lieux/export/index.ts';
import { openTestDb } from '../support/test-db.ts';
import { DEMO_DATASET, scratchDir } from '../support/paths.ts';

const dir = scratchDir(`export-round-trip-${process.pid}`);
let demo: Db;
let firstCsv: string;
before(async () => {
  mkdirSync(dir, { recursive: true });
  demo = await openTestDb();
  await importFile(demo, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
  firstCsv = readFileSync(await exportTo(demo, 'lieux-csv', 'premier.csv'), 'utf8');
});
after(async () => {
  await demo.close();
});

async function exportTo(db: Db, format: ExportFormat, name: string): Promise<string> {
  const path = `${dir}/${name}`;
  const out = createWriteStream(path);
  await exportLieux(db, format, out);
  out.end();
  await finished(out);
  return path;
}

/** Runs `fn` on a fresh database, closed afterwards. */
async function withFreshDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openTestDb();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

test('import → export lieux-csv → import under another source → export: the same file, byte for byte', async () => {
  await withFreshDb(async (copy) => {
    const report = await importFile(copy, { path: `${dir}/premier.csv`, source: 'copie', actor: 'test' });
    assert.deepEqual([report.format, report.rows_read, report.created, report.rows_rejected], ['lieux-csv', 687, 687, 0]);
    const second = readFileSync(await exportTo(copy, 'lieux-csv', 'second.csv'), 'utf8');
    assert.equal(second, firstCsv);

    const changes = (await copy.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log'))[0]!.n;
    const again = await importFile(copy, { path: `${dir}/premier.csv`, source: 'copie', actor: 'test' });
    assert.deepEqual([again.created, again.updated, again.unchanged, again.rows_rejected], [0, 0, 687, 0]);
    assert.equal((await copy.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log'))[0]!.n, changes);
  });
});

for (const [format, name] of [['lieux-json', 'lieux.json'], ['geojson', 'lieux.geojson']] as const) {
  test(`an export in ${format} imports back into the same places (same lieux-csv export)`, async () => {
    const path = await exportTo(demo, format, name);
    await withFreshDb(async (copy) => {
      const report = await importFile(copy, { path, source: 'copie', actor: 'test' });
      assert.deepEqual([report.format, report.created, report.rows_rejected], [format, 687, 0]);
      assert.equal(readFileSync(await exportTo(copy, 'lieux-csv', `${format}.csv`), 'utf8'), firstCsv);
    });
  });
}

test('the data·inclusion export imports back: same names, pivots, addresses, coordinates and services', async () => {
  const path = await exportTo(demo, 'data-inclusion', 'structures.json');
  const original = new Map((await demo.query<{ data: LieuData }>('SELECT data FROM lieux')).map((r) => [r.data.id, r.data]));
  await withFreshDb(async (copy) => {
    const report = await importFile(copy, { path, source: 'data-inclusion', actor: 'test' });
    assert.deepEqual([report.format, report.created, report.rows_rejected], ['data-inclusion', 687, 0]);
    for (const { data } of await copy.query<{ data: LieuData }>('SELECT data FROM lieux')) {
      const before = original.get(data.id)!;
      assert.deepEqual(
        [data.nom, data.pivot, data.adresse.voie, data.adresse.code_postal, data.localisation, new Set(data.services), data.horaires],
        [before.nom, before.pivot, before.adresse.voie, before.adresse.code_postal, before.localisation, new Set(before.services), before.horaires],
      );
    }
  });
});
