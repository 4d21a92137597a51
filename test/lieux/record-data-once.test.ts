// A record that creates its place shares the place's data instead of holding a copy (migration
// 016: source_records.data NULL). These tests check that no record's data is ever lost or read
// from the wrong place while places are merged, unmerged, re-imported and edited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Db } from '../../src/platform/db.ts';
import type { LieuData } from '../../src/lieux/domain/lieu.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { mergeProbableDuplicates } from '../../src/lieux/dedup/merge-duplicates.ts';
import { undoMerge } from '../../src/lieux/dedup/undo-merge.ts';
import { openDbWithBothSources, HUB } from '../support/dedup-sources.ts';
import { scratchDir } from '../support/paths.ts';

const actor = 'test:operateur';

let db: Db;
before(async () => {
  db = await openDbWithBothSources(actor);
});
after(async () => {
  await db.close();
});

/** Each record's data as readers see it: its own, or else its place's. */
const recordData = async () =>
  new Map(
    (
      await db.query<{ key: string; data: LieuData; own: boolean }>(
        `SELECT s.source || '/' || s.source_id AS key, coalesce(s.data, l.data) AS data, s.data IS NOT NULL AS own
           FROM source_records s JOIN lieux l ON l.id = s.lieu_id`,
      )
    ).map((r) => [r.key, r]),
  );

test('a record that created its place stores no copy of the data, and reads as the place', async () => {
  const records = await recordData();
  assert.equal(records.size, 9);
  assert.ok([...records.values()].every((r) => !r.own), 'every new place’s record shares its data');
  const [row] = await db.query<{ id: string }>("SELECT lieu_id AS id FROM source_records WHERE source = 'hub' AND source_id = 'hub-2'");
  const lieu = (await getLieu(db, row!.id))!;
  assert.equal(lieu.data.nom, 'Espace France Services du Voironnais');
  assert.deepEqual(lieu.sources.map((s) => [s.source, s.source_id, s.date_maj]), [['hub', 'hub-2', '2024-02-01']]);
  assert.equal(lieu.provenance.nom?.source, 'hub');
});

test('merging, re-importing and undoing keep every record’s own data', async () => {
  const original = await recordData();
  const applied = await mergeProbableDuplicates(db, actor);
  assert.equal(applied.length, 3);

  // Each merged pair's target now has a composed data: its records got their copies first.
  const merged = await recordData();
  for (const [key, { data }] of original) assert.deepEqual(merged.get(key)!.data, data, `${key} after the merge`);
  const moved = applied.flatMap((m) => m.moved_records.map(([s, id]) => `${s}/${id}`));
  for (const key of moved) assert.ok(merged.get(key)!.own, `${key} moved with a copy of its data`);

  // A changed record of the hub: only that record changes.
  const dir = scratchDir('record-data-once');
  mkdirSync(dir, { recursive: true });
  const changed = `${dir}hub.csv`;
  writeFileSync(changed, readFileSync(HUB, 'utf8').replace('04 76 00 00 02', '04 76 99 99 99'));
  const report = await importFile(db, { path: changed, source: 'hub', actor });
  assert.equal(report.updated, 1);
  const reimported = await recordData();
  for (const [key, { data }] of original) {
    if (key === 'hub/hub-2') assert.equal(reimported.get(key)!.data.contact?.telephone, '04 76 99 99 99');
    else assert.deepEqual(reimported.get(key)!.data, data, `${key} after the re-import`);
  }

  for (const merge of [...applied].reverse()) await undoMerge(db, merge.id, actor);
  const undone = await recordData();
  for (const [key, { data }] of original) {
    if (key !== 'hub/hub-2') assert.deepEqual(undone.get(key)!.data, data, `${key} after the undo`);
  }
  // Back alone, each place is its one record again.
  const places = await db.query<{ data: LieuData; records: LieuData[] }>(
    `SELECT l.data, array_agg(coalesce(s.data, l.data)) AS records FROM lieux l JOIN source_records s ON s.lieu_id = l.id
      WHERE l.merged_into IS NULL GROUP BY l.id, l.data`,
  );
  assert.equal(places.length, 9);
  for (const p of places) assert.deepEqual(p.records, [p.data]);
});
