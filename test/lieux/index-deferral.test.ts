// A large import may write without the secondary indexes and foreign keys of the places' tables
// (index-deferral.ts): the result must be the same database, the indexes and constraints must come
// back exactly as the migrations made them, and an import that fails midway must leave them too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db, Queryable } from '../../src/platform/db.ts';
import { deferIndexes } from '../../src/platform/deferred-indexes.ts';
import { importFile, type ImportReport } from '../../src/lieux/import/import-file.ts';
import { indexDeferral } from '../../src/lieux/import/index-deferral.ts';
import { openTestDb } from '../support/test-db.ts';
import { DEMO_DATASET } from '../support/paths.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(async () => {
  await db.close();
});

const TABLES = ['lieux', 'source_records', 'change_log'];

/** Every index and constraint of the three tables, as PostgreSQL would recreate them. */
async function schemaOf(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ def: string }>(
    `SELECT c.relname || ': ' || pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::text[]::regclass[])
     UNION ALL
     SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY($1::text[]::regclass[])
     ORDER BY 1`,
    [TABLES],
  );
  return rows.map((r) => r.def);
}

/** The same database, recording the statements run in its transactions. */
function recording(inner: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const transaction: Db['transaction'] = (fn) => inner.transaction((tx) => fn({ query: (sql, params) => (statements.push(sql), tx.query(sql, params)) }));
  return { statements, db: { ...inner, transaction } };
}

const count = async (sql: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n ${sql}`))[0]!.n;

test('deferred indexes and foreign keys are dropped, kept ones stay, and all come back as they were', async () => {
  const schema = await schemaOf(db);
  assert.ok(schema.some((d) => d.startsWith('lieux_position: ')), 'the spatial index exists to begin with');
  await db.transaction(async (tx) => {
    const deferred = await deferIndexes(tx, TABLES, ['source_records_lieu']);
    const during = await schemaOf(tx);
    for (const gone of ['lieux_position', 'lieux_nom_id', 'change_log_lieu', 'source_records_lieu_id_fkey', 'source_records_import_run_id_fkey', 'lieux_merged_into_fkey']) {
      assert.ok(!during.some((d) => d.startsWith(`${gone}: `)), `${gone} is dropped`);
    }
    for (const kept of ['lieux_pkey', 'source_records_pkey', 'change_log_pkey', 'source_records_lieu']) {
      assert.ok(during.some((d) => d.startsWith(`${kept}: `)), `${kept} is kept`);
    }
    assert.ok(deferred.dropped.length >= 9);
    await deferred.restore();
    assert.deepEqual(await schemaOf(tx), schema);
  });
  assert.deepEqual(await schemaOf(db), schema);
});

test('if the transaction does not commit, the dropped indexes are back with the rollback', async () => {
  const schema = await schemaOf(db);
  await assert.rejects(
    db.transaction(async (tx) => {
      await deferIndexes(tx, TABLES);
      throw new Error('stopped');
    }),
    /stopped/,
  );
  assert.deepEqual(await schemaOf(db), schema);
});

test('a restored foreign key is checked on the rows written meanwhile', async () => {
  await assert.rejects(
    db.transaction(async (tx) => {
      const deferred = await deferIndexes(tx, ['source_records']);
      await tx.query(
        "INSERT INTO source_records (source, source_id, lieu_id, format, data, hash) VALUES ('orphan', '1', '00000000-0000-4000-8000-000000000000', 'lieux-csv', '{}', 'x')",
      );
      await deferred.restore();
    }),
    /foreign key|clé étrangère/i,
  );
  assert.equal(await count("FROM source_records WHERE source = 'orphan'"), 0);
});

test('indexes are deferred once the import has created twice as many places as the table held', async () => {
  await db.transaction(async (tx) => {
    const empty = indexDeferral(tx, true);
    await tx.query('DELETE FROM change_log');
    await tx.query('DELETE FROM source_records');
    await tx.query('DELETE FROM lieux');
    await empty.start();
    assert.equal(empty.deferred, true, 'into an empty table, from the first row');
    await empty.finish();

    await tx.query(
      `INSERT INTO lieux (id, nom, data, search_text) SELECT gen_random_uuid(), 'L' || i, '{}', '' FROM generate_series(1, 10) i`,
    );
    const some = indexDeferral(tx, true);
    await some.start();
    assert.equal(some.deferred, false, 'the table holds 10 places');
    await some.beforeBatch(19);
    assert.equal(some.deferred, false);
    await some.beforeBatch(20);
    assert.equal(some.deferred, true);
    await some.finish();

    const never = indexDeferral(tx, false);
    await never.start();
    await never.beforeBatch(1000);
    assert.equal(never.deferred, false, 'not allowed: small file, or a server');
    throw new Error('rollback');
  }).catch((error: Error) => assert.equal(error.message, 'rollback'));
});

test('an import that fails midway with deferred indexes leaves the places and the indexes as they were', async () => {
  const schema = await schemaOf(db);
  const before = { lieux: await count('FROM lieux'), records: await count('FROM source_records'), runs: await count('FROM import_runs'), log: await count('FROM change_log') };
  const recorded = recording(db);
  await assert.rejects(
    importFile(recorded.db, {
      path: DEMO_DATASET, source: 'deferral-interrupted', actor: 'test', batchSize: 100, deferIndexes: true,
      onProgress: ({ rows }) => {
        if (rows >= 300) throw new Error('interrupted');
      },
    }),
    /interrupted/,
  );
  assert.ok(recorded.statements.some((sql) => sql.startsWith('DROP INDEX')), 'the indexes were deferred (empty table)');
  assert.deepEqual({ lieux: await count('FROM lieux'), records: await count('FROM source_records'), runs: await count('FROM import_runs'), log: await count('FROM change_log') }, before);
  assert.deepEqual(await schemaOf(db), schema);
});

test('an import with deferred indexes writes the same places and report as one without', async () => {
  const schema = await schemaOf(db);
  const run = async (deferIndexes: boolean) => {
    const recorded = recording(db);
    const { import_run_id: _, source: __, ...report } = await importFile(recorded.db, { path: DEMO_DATASET, source: `deferral-${deferIndexes}`, actor: 'test', batchSize: 100, deferIndexes });
    assert.equal(recorded.statements.some((sql) => sql.startsWith('DROP INDEX')), deferIndexes);
    return report as Omit<ImportReport, 'import_run_id' | 'source'>;
  };
  // With deferral first, into the empty table: it defers from the first row.
  const withDeferral = await run(true);
  const without = await run(false);
  assert.ok(without.created > 600);
  assert.deepEqual(withDeferral, without);
  const places = (source: string) =>
    db.query("SELECT l.nom, l.commune_code, l.departement_code, l.latitude, l.search_text, l.data, r.hash FROM source_records r JOIN lieux l ON l.id = r.lieu_id WHERE r.source = $1 ORDER BY r.source_id", [source]);
  assert.deepEqual(await places('deferral-true'), await places('deferral-false'));
  assert.deepEqual(await schemaOf(db), schema);
  // The rebuilt indexes answer queries: a filter that the planner may serve from lieux_commune.
  assert.equal(await count("FROM lieux l JOIN source_records r ON r.lieu_id = l.id WHERE r.source = 'deferral-true' AND l.commune_code = '38185' AND l.merged_into IS NULL"),
    await count("FROM lieux l JOIN source_records r ON r.lieu_id = l.id WHERE r.source = 'deferral-false' AND l.commune_code = '38185' AND l.merged_into IS NULL"));
});
