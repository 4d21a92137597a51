// Recording an orientation from the slip: one row with the day (Europe/Paris), the need, the
// places and the structure, and no column that could hold anything about the person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/platform/db.ts';
import { listOrientations, parisDay, recordOrientation } from '../../src/orientation/record-orientation.ts';
import { openTestDb } from '../support/test-db.ts';

let db: Db;
before(async () => { db = await openTestDb(); });
after(async () => db?.close());

const A = '8f0e2c4a-1111-4222-8333-944455556666';
const B = '0b6f6a2e-2222-4333-8444-a55566667777';
const C = '1c7a7b3f-3333-4444-8555-b66677778888';
const D = '2d8b8c40-4444-4555-8666-c77788889999';

test('the table has the day, the need, the places and the structure, nothing else', async () => {
  const columns = await db.query<{ column_name: string; data_type: string }>(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'orientations' ORDER BY ordinal_position",
  );
  assert.deepEqual(columns, [
    { column_name: 'id', data_type: 'uuid' },
    { column_name: 'recorded_on', data_type: 'date' },
    { column_name: 'services', data_type: 'ARRAY' },
    { column_name: 'lieu_ids', data_type: 'ARRAY' },
    { column_name: 'structure', data_type: 'text' },
    { column_name: 'created_at', data_type: 'timestamp with time zone' },
  ]);
});

test('an orientation is stored with the calendar day in Europe/Paris, the structure trimmed, each place once', async () => {
  // 23:30 UTC on 25 November is already 26 November in Paris.
  const at = new Date('2024-11-25T23:30:00Z');
  const id = await recordOrientation(db, {
    lieuIds: [A, B, A], services: ['Aide aux démarches administratives'], structure: '  CCAS de Voiron ', at,
  });
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parisDay(at), '2024-11-26');
  const rows = await listOrientations(db);
  assert.deepEqual(rows, [{ id, recorded_on: '2024-11-26', services: ['Aide aux démarches administratives'], lieu_ids: [A, B], structure: 'CCAS de Voiron' }]);
  const [raw] = await db.query<{ day: string }>('SELECT recorded_on::text AS day FROM orientations WHERE id = $1', [id]);
  assert.equal(raw?.day, '2024-11-26');
});

test('no need chosen: an empty list of services; three places at most', async () => {
  const id = await recordOrientation(db, { lieuIds: [A, B, C], services: [], structure: 'Mission locale', at: new Date('2024-11-27T10:00:00Z') });
  const row = (await listOrientations(db)).find((r) => r.id === id);
  assert.deepEqual(row, { id, recorded_on: '2024-11-27', services: [], lieu_ids: [A, B, C], structure: 'Mission locale' });
});

test('refuses an empty or too long structure and a wrong number of places, and writes nothing then', async () => {
  const before = (await listOrientations(db)).length;
  const at = new Date();
  await assert.rejects(recordOrientation(db, { lieuIds: [A], services: [], structure: '   ', at }), RangeError);
  await assert.rejects(recordOrientation(db, { lieuIds: [A], services: [], structure: 'x'.repeat(121), at }), RangeError);
  await assert.rejects(recordOrientation(db, { lieuIds: [], services: [], structure: 'CCAS', at }), RangeError);
  await assert.rejects(recordOrientation(db, { lieuIds: [A, B, C, D], services: [], structure: 'CCAS', at }), RangeError);
  assert.equal((await listOrientations(db)).length, before);
  // The database holds the same rules for any other writer.
  await assert.rejects(db.query("INSERT INTO orientations (id, recorded_on, lieu_ids, structure) VALUES ($1, '2024-11-25', $2::uuid[], $3)", [D, [A], 'x'.repeat(121)]));
  await assert.rejects(db.query("INSERT INTO orientations (id, recorded_on, lieu_ids, structure) VALUES ($1, '2024-11-25', $2::uuid[], 'CCAS')", [D, [A, B, C, D]]));
  await assert.rejects(db.query("INSERT INTO orientations (id, recorded_on, lieu_ids, structure) VALUES ($1, '2024-11-25', '{}', 'CCAS')", [D]));
  assert.equal((await listOrientations(db)).length, before);
  // 120 characters is the limit, not past it.
  const id = await recordOrientation(db, { lieuIds: [D], services: [], structure: 'x'.repeat(120), at });
  assert.equal((await listOrientations(db)).find((r) => r.id === id)?.structure.length, 120);
});
