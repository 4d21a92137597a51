// The commune resolver reads its communes from a stored snapshot (migration 017): loading the
// territories makes it, a change to the communes forgets it, and the next reader makes it again,
// so the resolver never answers from stale territories. Runs on both backends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/platform/db.ts';
import { communeResolver } from '../../src/territoires/resolver.ts';
import { openTestDb } from '../support/test-db.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(async () => {
  await db.close();
});

const snapshots = async () => (await db.query<{ name: string }>('SELECT name FROM reference_snapshots ORDER BY name')).map((r) => r.name);
// The resolver is cached per database handle: a transaction is a new handle.
const resolveIn = (adresse: { code_insee?: string; code_postal?: string; commune?: string }) =>
  db.transaction(async (tx) => (await communeResolver(tx)).resolve(adresse));

test('loading the territories leaves a snapshot, which the resolver reads', async () => {
  assert.deepEqual(await snapshots(), ['communes-resolver-v1']);
  assert.equal((await resolveIn({ code_postal: '38130', commune: 'Échirolles' }))?.code, '38151');
});

test('renaming a commune forgets the snapshot; the next resolver makes it again with the new name', async () => {
  await db.query("UPDATE communes SET nom = 'Échirolles-la-Neuve', nom_normalise = 'echirolles la neuve' WHERE code = '38151'");
  assert.deepEqual(await snapshots(), []);
  const renamed = await resolveIn({ code_postal: '38130', commune: 'Échirolles-la-Neuve' });
  assert.equal(renamed?.code, '38151');
  assert.equal(renamed?.nom, 'Échirolles-la-Neuve');
  assert.deepEqual(await snapshots(), ['communes-resolver-v1']);
});

test('a new former commune forgets the snapshot too', async () => {
  await db.query("INSERT INTO communes_historiques (code, type, nom, commune_code) VALUES ('38999', 'commune-deleguee', 'Bourg-Fictif', '38151')");
  assert.deepEqual(await snapshots(), []);
  assert.equal((await resolveIn({ code_insee: '38999' }))?.code, '38151');
});

test("a commune's position changes without forgetting the snapshot (it does not hold positions)", async () => {
  await resolveIn({ code_insee: '38151' }); // makes it again
  await db.query("UPDATE communes SET latitude = 45.14, longitude = 5.71 WHERE code = '38151'");
  assert.deepEqual(await snapshots(), ['communes-resolver-v1']);
});
