// The catalog (in-memory read model of the visible places) answers exactly what the SQL filters
// answer, and sees every committed write — from this handle, and on a PostgreSQL server from
// another process's handle — without being told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openDb, type Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { whereClause, type LieuFilters } from '../../src/lieux/store/read-lieux.ts';
import { listLieux } from '../../src/lieux/catalog/list-lieux.ts';
import { catalog } from '../../src/lieux/catalog/catalog.ts';
import { mergeManually } from '../../src/lieux/dedup/merge-manually.ts';
import { undoMerge } from '../../src/lieux/dedup/undo-merge.ts';
import { SERVICES, PUBLICS, FRAIS, MODALITES_ACCOMPAGNEMENT } from '../../src/lieux/domain/enums.ts';
import { openTestDb, testDatabaseUrl } from '../support/test-db.ts';
import { DEMO_DATASET } from '../support/paths.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
  await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
});
after(async () => {
  await db.close();
});

async function sqlIds(filters: LieuFilters): Promise<string[]> {
  const params: unknown[] = [];
  const rows = await db.query<{ id: string }>(`SELECT l.id FROM lieux l WHERE ${whereClause(filters, params)}`, params);
  return rows.map((r) => r.id).sort();
}
async function catalogIds(filters: LieuFilters): Promise<string[]> {
  const page = await listLieux(db, filters, { limit: 10_000 });
  assert.equal(page.total, page.items.length);
  return page.items.map((l) => l.id).sort();
}

test('hand-picked filters give the same places as SQL', async () => {
  const cases: LieuFilters[] = [
    {},
    { commune: '38151' },
    { commune: '38226' }, // visited by an itinerant bus only
    { departement: '38', services: ['Aide aux démarches administratives'] },
    { epci: '200040715', frais: ['Gratuit'] },
    { region: '84', publics: ['Seniors (+ 65 ans)', 'Jeunes (16 - 26 ans)'] },
    { bbox: [5.68, 45.15, 5.76, 45.21] },
    { q: 'mediatheque' },
    { q: 'villeneuve geants' },
    { q: 'la' }, // a word shorter than a trigram
    { q: 'Échirolles  ' },
    { q: 'zzzz' },
    { kind: ['public_wifi'] },
    { status: ['open'], modalites_accompagnement: ['Dans un atelier collectif'] },
  ];
  for (const filters of cases) {
    const expected = await sqlIds(filters);
    assert.deepEqual(await catalogIds(filters), expected, JSON.stringify(filters));
  }
  assert.ok((await sqlIds({ q: 'mediatheque' })).length > 10, 'the cases are not all empty');
});

test('random filter combinations give the same places as SQL', async () => {
  const some = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1, maxLength: 2 }), { nil: undefined });
  const filters = fc.record({
    departement: fc.option(fc.constantFrom('38', '69', '73', '01'), { nil: undefined }),
    services: some(SERVICES.values),
    publics: some(PUBLICS.values),
    frais: some(FRAIS.values),
    modalites_accompagnement: some(MODALITES_ACCOMPAGNEMENT.values),
    q: fc.option(fc.constantFrom('centre', 'social', 'grenoble', 'mairie', 'de', 'numerique'), { nil: undefined }),
  }, { requiredKeys: [] });
  await fc.assert(fc.asyncProperty(filters, async (f) => {
    const clean = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as LieuFilters;
    assert.deepEqual(await catalogIds(clean), await sqlIds(clean));
  }), { numRuns: 60, seed: 2026 });
});

test('pages follow one another in name order, with no place twice or missing', async () => {
  const seen: string[] = [];
  let after;
  let names: string[] = [];
  do {
    const page = await listLieux(db, { departement: '38' }, { limit: 37, ...(after && { after }) });
    seen.push(...page.items.map((l) => l.id));
    names = names.concat(page.items.map((l) => l.nom));
    after = page.next;
  } while (after);
  assert.deepEqual([...seen].sort(), await sqlIds({ departement: '38' }));
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
});

test('a merge hides the merged place at once, and undoing it shows it again', async () => {
  const [a, b] = (await listLieux(db, { commune: '38151' }, { limit: 2 })).items;
  const before = (await catalog(db)).version;
  const merge = await mergeManually(db, a!.id, b!.id, 'test');
  assert.ok((await catalog(db)).version > before);
  assert.ok(!(await catalogIds({ commune: '38151' })).includes(b!.id));
  await undoMerge(db, merge.id, 'test');
  assert.ok((await catalogIds({ commune: '38151' })).includes(b!.id));
  assert.deepEqual(await catalogIds({ commune: '38151' }), await sqlIds({ commune: '38151' }));
});

test('reads arriving together share one check and all see the same committed data', async () => {
  await db.query("UPDATE lieux SET nom = '0000 première' WHERE id = (SELECT id FROM lieux WHERE merged_into IS NULL ORDER BY nom LIMIT 1 OFFSET 5)");
  const pages = await Promise.all(Array.from({ length: 20 }, () => listLieux(db, {}, { limit: 1 })));
  for (const page of pages) assert.equal(page.items[0]!.nom, '0000 première');
});

test('on a PostgreSQL server, a write by another process is seen by the next read', { skip: !testDatabaseUrl && 'needs TEST_DATABASE_URL' }, async () => {
  const [{ schema }] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  const other = await openDb({ backend: 'postgres', url: testDatabaseUrl!, schema: schema!, maxConnections: 2 });
  try {
    const target = (await listLieux(db, { commune: '38151' }, { limit: 1 })).items[0]!;
    await listLieux(other, {}, { limit: 1 }); // the other process has its own catalog, loaded now
    await db.query("UPDATE lieux SET nom = 'Renommé par le premier processus' WHERE id = $1", [target.id]);
    const seen = (await listLieux(other, { commune: '38151' }, { limit: 50 })).items.find((l) => l.id === target.id);
    assert.equal(seen?.nom, 'Renommé par le premier processus');
  } finally {
    await other.close();
  }
});
