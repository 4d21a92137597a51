// Several sources, one place: two hand-made sources describe the same places differently (case,
// accents, abbreviations, 30 m apart, phone on one side and hours on the other, one shared SIRET),
// plus places that must stay apart. Detection, automatic merge, provenance, re-import, confirm,
// undo (exact and in order), manual merge, and the journal — on the real database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { listLieux } from '../../src/lieux/catalog/list-lieux.ts';
import { detectDuplicates } from '../../src/lieux/dedup/detect.ts';
import { mergeProbableDuplicates } from '../../src/lieux/dedup/merge-duplicates.ts';
import { confirmMerge } from '../../src/lieux/dedup/confirm-merge.ts';
import { undoMerge } from '../../src/lieux/dedup/undo-merge.ts';
import { mergeManually } from '../../src/lieux/dedup/merge-manually.ts';
import { listMerges } from '../../src/lieux/dedup/list-merges.ts';
import { MergeError } from '../../src/lieux/dedup/merge-error.ts';
import { applyMerges } from '../../src/lieux/dedup/apply-merges.ts';
import { nameKey, trigramSimilarity } from '../../src/lieux/dedup/similarity.ts';
import { openDbWithBothSources, HUB, NATIONALE } from '../support/dedup-sources.ts';
import { scratchDir } from '../support/paths.ts';

const actor = 'test:operateur';

let db: Db;
before(async () => {
  db = await openDbWithBothSources(actor);
});
after(async () => {
  await db.close();
});

/** The place that holds a source record now. */
const placeOf = async (source: string, sourceId: string) => {
  const [row] = await db.query<{ lieu_id: string }>('SELECT lieu_id FROM source_records WHERE source = $1 AND source_id = $2', [source, sourceId]);
  assert.ok(row, `${source}/${sourceId} is stored`);
  return row.lieu_id;
};
const visibleCount = async () => (await listLieux(db, {}, { limit: 1 })).total;
const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]!.n;
const recordsOf = async (lieuId: string) => (await getLieu(db, lieuId))!.sources.map((s) => `${s.source}/${s.source_id}`).sort();

test('the JS trigram similarity is pg_trgm’s similarity()', async () => {
  const pairs = [['Médiathèque Jean-Jaurès', 'MEDIATHEQUE JEAN JAURES'], ['EPN de la Villeneuve', 'Bibliothèque Arlequin'], ['France Services Voiron', 'Maison France Services du Pays Voironnais'], ['a', 'abc def']];
  for (const [a, b] of pairs) {
    const [row] = await db.query<{ s: number }>('SELECT similarity($1, $2)::float8 AS s', [nameKey(a!), nameKey(b!)]);
    assert.ok(Math.abs(row!.s - trigramSimilarity(nameKey(a!), nameKey(b!))) < 1e-6, `${a} / ${b}`);
  }
});

test('detection proposes the three pairs from different sources, and only them', async () => {
  assert.equal(await visibleCount(), 9);
  const plan = await detectDuplicates(db);
  const described = plan.map((m) => ({ reason: m.match.reason, target: m.target.nom, merged: m.merged.nom }));
  assert.deepEqual(described, [
    { reason: 'same_pivot', target: 'Espace France Services du Voironnais', merged: 'MFS Pays Voironnais' },
    { reason: 'proximity', target: 'EPN de la Villeneuve', merged: 'Espace Public Numérique Villeneuve' },
    { reason: 'proximity', target: 'Médiathèque Jean-Jaurès', merged: 'MEDIATHEQUE JEAN JAURES' },
  ]);
  const jaures = plan[2]!.match;
  assert.ok(jaures.distance_m! > 25 && jaures.distance_m! < 35, 'about 30 m apart');
  assert.ok(plan[0]!.match.distance_m! > 100, 'the shared SIRET joins places that proximity alone would not');
  assert.equal(await count('SELECT count(*)::int AS n FROM merges'), 0, 'detection writes nothing');
});

test('merging joins each pair into one visible place and keeps every source record', async () => {
  const applied = await mergeProbableDuplicates(db, actor);
  assert.equal(applied.length, 3);
  assert.equal(await visibleCount(), 6);
  assert.equal(await count('SELECT count(*)::int AS n FROM source_records'), 9, 'no source record deleted');
  assert.equal(await count('SELECT count(*)::int AS n FROM lieux'), 9, 'merged places are hidden, not deleted');

  const jaures = await placeOf('hub', 'hub-1');
  assert.equal(await placeOf('nationale', 'cn-101'), jaures);
  assert.deepEqual(await recordsOf(jaures), ['hub/hub-1', 'nationale/cn-101']);
  assert.equal(await placeOf('nationale', 'cn-103'), await placeOf('hub', 'hub-2'));
  assert.equal(await placeOf('nationale', 'cn-104'), await placeOf('hub', 'hub-3'));

  const merges = await db.query<{ target_id: string; merged_id: string; status: string; reason: string; moved_records: [string, string][]; created_by: string; distance_m: number; name_similarity: number }>(
    'SELECT * FROM merges ORDER BY id',
  );
  assert.deepEqual(merges.map((m) => m.status), ['applied', 'applied', 'applied']);
  const m = merges.find((x) => x.target_id === jaures)!;
  assert.equal(m.reason, 'proximity');
  assert.deepEqual(m.moved_records, [['nationale', 'cn-101']]);
  assert.equal(m.created_by, actor);
  assert.equal(m.name_similarity, 1);
  const hidden = await getLieu(db, m.merged_id);
  assert.equal(hidden?.merged_into, jaures, 'the merged place points to the place that absorbed it');
  assert.deepEqual(hidden?.sources, []);
});

test('the composed place takes each field from the source that has it, the most recent first', async () => {
  const lieu = (await getLieu(db, await placeOf('hub', 'hub-1')))!;
  // Phone only in the hub (older), hours only in the national cartography (more recent).
  assert.equal(lieu.data.contact?.telephone, '04 76 00 00 01');
  assert.equal(lieu.data.horaires, 'Mo-Fr 09:00-18:00');
  assert.equal(lieu.data.nom, 'MEDIATHEQUE JEAN JAURES');
  assert.equal(lieu.data.date_maj, '2024-06-01');
  assert.deepEqual(lieu.provenance.contact, { source: 'hub', source_id: 'hub-1' });
  assert.deepEqual(lieu.provenance.horaires, { source: 'nationale', source_id: 'cn-101' });
  assert.deepEqual(lieu.provenance.nom, { source: 'nationale', source_id: 'cn-101' });
  assert.deepEqual(lieu.provenance.services, { source: 'nationale', source_id: 'cn-101' });

  const villeneuve = (await getLieu(db, await placeOf('hub', 'hub-3')))!;
  assert.equal(villeneuve.data.nom, 'EPN de la Villeneuve', 'the hub is more recent here');
  assert.equal(villeneuve.data.horaires, 'We 14:00-18:00');
  assert.deepEqual(villeneuve.provenance.nom, { source: 'hub', source_id: 'hub-3' });
  assert.deepEqual(villeneuve.provenance.horaires, { source: 'nationale', source_id: 'cn-104' });
});

test('a similar name 500 m away, and a neighbour with another name, stay distinct places', async () => {
  const jaures = await placeOf('hub', 'hub-1');
  for (const id of ['cn-102', 'cn-105']) {
    const own = await placeOf('nationale', id);
    assert.notEqual(own, jaures);
    const lieu = await getLieu(db, own);
    assert.equal(lieu?.merged_into, null);
    assert.deepEqual(lieu?.sources.map((s) => s.source_id), [id]);
  }
  assert.equal((await getLieu(db, await placeOf('hub', 'hub-4')))?.merged_into, null);
});

test('running detection again proposes nothing new', async () => {
  assert.deepEqual(await detectDuplicates(db), []);
  assert.deepEqual(await mergeProbableDuplicates(db, actor), []);
});

test('re-importing either source after a merge creates no new place', async () => {
  for (const [path, source] of [[HUB, 'hub'], [NATIONALE, 'nationale']] as const) {
    const report = await importFile(db, { path, source, actor });
    assert.equal(report.created, 0);
    assert.equal(report.unchanged, report.rows_read);
  }
  // A changed record of the national cartography updates the place it was merged into.
  const dir = scratchDir(`dedup-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const changed = `${dir}nationale-v2.csv`;
  writeFileSync(changed, readFileSync(NATIONALE, 'utf8').replace('Mo-Fr 09:00-18:00,Accès', 'Mo-Sa 09:00-19:00,Accès').replace(/2024-06-01\ncn-102/, '2024-09-01\ncn-102'));
  const report = await importFile(db, { path: changed, source: 'nationale', actor });
  assert.equal(report.created, 0);
  assert.equal(report.updated, 1);
  assert.equal(await visibleCount(), 6);
  assert.equal(await count('SELECT count(*)::int AS n FROM lieux'), 9);
  const jaures = (await getLieu(db, await placeOf('hub', 'hub-1')))!;
  assert.equal(jaures.data.horaires, 'Mo-Sa 09:00-19:00');
  assert.equal(jaures.data.contact?.telephone, '04 76 00 00 01', 'the hub’s phone is still there');
  assert.deepEqual(await detectDuplicates(db), []);
});

test('the journal says who merged what, and how each place changed', async () => {
  const jaures = await placeOf('hub', 'hub-1');
  const entries = await db.query<{ action: string; actor: string; lieu_id: string; details: { merged_id?: string; target_id?: string; moved_records?: [string, string][]; diff?: Record<string, unknown> } }>(
    "SELECT action, actor, lieu_id, details FROM change_log WHERE action LIKE 'lieu.merge%' ORDER BY id",
  );
  assert.equal(entries.filter((e) => e.action === 'lieu.merge').length, 3);
  assert.equal(entries.filter((e) => e.action === 'lieu.merged_into').length, 3);
  assert.ok(entries.every((e) => e.actor === actor));
  const merge = entries.find((e) => e.action === 'lieu.merge' && e.lieu_id === jaures)!;
  assert.deepEqual(merge.details.moved_records, [['nationale', 'cn-101']]);
  assert.ok(merge.details.diff && 'horaires' in merge.details.diff && 'nom' in merge.details.diff, 'the diff shows fields that came with the merge');
  const mergedInto = entries.find((e) => e.action === 'lieu.merged_into' && e.lieu_id === merge.details.merged_id)!;
  assert.equal(mergedInto.details.target_id, jaures);
});

test('confirming a merge changes its status, once', async () => {
  const [merge] = (await listMerges(db, { status: 'applied' })).items.filter((m) => m.target.nom === 'MEDIATHEQUE JEAN JAURES');
  assert.ok(merge);
  const confirmed = await confirmMerge(db, merge.id, 'test:relectrice');
  assert.equal(confirmed.status, 'confirmed');
  assert.equal(confirmed.decided_by, 'test:relectrice');
  const listed = await listMerges(db, { status: 'confirmed' });
  assert.deepEqual(listed.items.map((m) => m.id), [merge.id]);
  assert.equal((await listMerges(db, { status: 'applied' })).total, 2);
  await assert.rejects(confirmMerge(db, merge.id, actor), (e: Error) => e instanceof MergeError && /déjà confirmée/.test(e.message));
  const [log] = await db.query<{ actor: string; lieu_id: string }>("SELECT actor, lieu_id FROM change_log WHERE action = 'lieu.merge.confirm'");
  assert.deepEqual(log, { actor: 'test:relectrice', lieu_id: merge.target.id });
  assert.equal(await visibleCount(), 6, 'confirming changes no place');
});

test('undoing a merge restores two visible places, each with its own records', async () => {
  const target = await placeOf('hub', 'hub-3');
  const [merge] = await db.query<{ id: number; merged_id: string }>('SELECT id, merged_id FROM merges WHERE target_id = $1', [target]);
  const undone = await undoMerge(db, merge!.id, 'test:relectrice');
  assert.equal(undone.status, 'undone');
  assert.equal(undone.decided_by, 'test:relectrice');
  assert.equal(await visibleCount(), 7);

  const hub = (await getLieu(db, target))!;
  const back = (await getLieu(db, merge!.merged_id))!;
  assert.equal(back.merged_into, null);
  assert.deepEqual(await recordsOf(target), ['hub/hub-3']);
  assert.deepEqual(await recordsOf(back.id), ['nationale/cn-104']);
  assert.equal(hub.data.horaires, undefined, 'the hours went back with the national record');
  assert.deepEqual(hub.provenance.nom, { source: 'hub', source_id: 'hub-3' });
  assert.equal(back.data.nom, 'Espace Public Numérique Villeneuve');
  assert.equal(back.data.horaires, 'We 14:00-18:00');
  assert.deepEqual(back.provenance.horaires, { source: 'nationale', source_id: 'cn-104' });

  const logs = await db.query<{ lieu_id: string; actor: string }>("SELECT lieu_id, actor FROM change_log WHERE action = 'lieu.merge.undo' ORDER BY lieu_id");
  assert.deepEqual(logs.map((l) => l.lieu_id).sort(), [target, back.id].sort());
  assert.ok(logs.every((l) => l.actor === 'test:relectrice'));

  assert.deepEqual(await detectDuplicates(db), [], 'a pair an operator separated is not proposed again');
  await assert.rejects(undoMerge(db, merge!.id, actor), (e: Error) => e instanceof MergeError && /déjà annulée/.test(e.message));
  await assert.rejects(confirmMerge(db, merge!.id, actor), (e: Error) => e instanceof MergeError && /annulée/.test(e.message));
});

test('a manual merge, and undo in order when merges are chained', async () => {
  const jaures = await placeOf('hub', 'hub-1');
  const annexe = await placeOf('nationale', 'cn-102');
  const [first] = await db.query<{ id: number }>('SELECT id FROM merges WHERE target_id = $1', [jaures]);

  // An operator decides the Jaurès place (already the result of merge `first`) is the annexe's.
  const manual = await mergeManually(db, annexe, jaures, actor);
  assert.equal(manual.reason, 'manual');
  assert.ok(manual.distance_m! > 450 && manual.distance_m! < 550);
  assert.deepEqual(manual.moved_records, [['hub', 'hub-1'], ['nationale', 'cn-101']]);
  assert.deepEqual(await recordsOf(annexe), ['hub/hub-1', 'nationale/cn-101', 'nationale/cn-102']);
  assert.equal(await visibleCount(), 6);

  // The first merge cannot be undone while its records sit on the annexe: undo the last one first.
  await assert.rejects(undoMerge(db, first!.id, actor), (e: Error) => e instanceof MergeError && e.message.includes(`annulez d'abord la fusion n° ${manual.id}`));
  await undoMerge(db, manual.id, actor);
  assert.deepEqual(await recordsOf(annexe), ['nationale/cn-102']);
  assert.deepEqual(await recordsOf(jaures), ['hub/hub-1', 'nationale/cn-101']);
  await undoMerge(db, first!.id, actor);
  assert.deepEqual(await recordsOf(jaures), ['hub/hub-1']);
  assert.equal(await visibleCount(), 8);
});

test('a merge refuses unknown, hidden or identical places, and changes nothing then', async () => {
  const hub4 = await placeOf('hub', 'hub-4');
  const [hidden] = await db.query<{ merged_id: string }>("SELECT merged_id FROM merges WHERE status = 'applied'");
  const before = await count('SELECT count(*)::int AS n FROM merges');
  await assert.rejects(mergeManually(db, hub4, hidden!.merged_id, actor), /a déjà été fusionné/);
  await assert.rejects(mergeManually(db, hub4, '00000000-0000-4000-8000-000000000000', actor), /n'existe pas/);
  await assert.rejects(mergeManually(db, hub4, hub4, actor), /lui-même/);
  await assert.rejects(mergeManually(db, hub4, 'pas-un-id', actor), /n'est pas un identifiant/);
  await assert.rejects(undoMerge(db, 9999, actor), /n'existe pas/);
  assert.equal(await count('SELECT count(*)::int AS n FROM merges'), before);
});

test('merges applied together in one list follow each other like separate ones, and undo in order', async () => {
  const hub4 = await placeOf('hub', 'hub-4');
  const arlequin = await placeOf('nationale', 'cn-105');
  const annexe = await placeOf('nationale', 'cn-102');
  const visible = await visibleCount();
  const [first, second] = await applyMerges(db, [
    { target_id: hub4, merged_id: arlequin, reason: 'manual', distance_m: null, name_similarity: null },
    { target_id: annexe, merged_id: hub4, reason: 'manual', distance_m: null, name_similarity: null },
  ], actor);
  assert.deepEqual(first!.moved_records, [['nationale', 'cn-105']]);
  assert.deepEqual(second!.moved_records, [['hub', 'hub-4'], ['nationale', 'cn-105']]);
  assert.deepEqual(await recordsOf(annexe), ['hub/hub-4', 'nationale/cn-102', 'nationale/cn-105']);
  assert.equal(await visibleCount(), visible - 2);

  await assert.rejects(undoMerge(db, first!.id, actor), /annulez d'abord/);
  await undoMerge(db, second!.id, actor);
  await undoMerge(db, first!.id, actor);
  assert.deepEqual(await recordsOf(hub4), ['hub/hub-4']);
  assert.deepEqual(await recordsOf(arlequin), ['nationale/cn-105']);
  assert.deepEqual(await recordsOf(annexe), ['nationale/cn-102']);
  assert.equal(await visibleCount(), visible);
});
