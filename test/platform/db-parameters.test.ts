// Parameters reach the database unchanged whatever their size: on PGlite, long text and jsonb
// values and large text[] arrays are sent in the binary format (platform/db.ts), short ones in the
// text format. Runs on both backends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/platform/db.ts';
import { openTestDb } from '../support/test-db.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(async () => {
  await db.close();
});

// Quotes, backslashes, braces, commas, accents, an emoji, JSON with escapes, empty strings, NULL.
const TRICKY = ['"', '\\', '{a,b}', 'Château-Chinon (Campagne)', 'é😀', '{"nom":"Lieu \\"A\\"","x":[1,2]}', '', null, 'NULL', ' spaces '];

for (const size of [1, 3, 64, 1000]) {
  test(`a text[] of ${size} elements comes back element by element, in order`, async () => {
    const values: (string | null)[] = Array.from({ length: size }, (_, i) => (i % 7 === 6 ? TRICKY[i % TRICKY.length]! : `${TRICKY[i % TRICKY.length] ?? 'x'}-${i}`));
    values[size - 1] = null;
    const rows = await db.query<{ i: number; v: string | null }>('SELECT i::int AS i, v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i', [values]);
    assert.deepEqual(rows.map((r) => r.v), values);
  });
}

test('a large text[] of JSON documents becomes the same jsonb as each document parsed alone', async () => {
  const docs = Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: `lieu-${i}`, nom: `Lieu « ${i} » \\ "guillemets"`, services: ['Aide aux démarches administratives'], n: i }));
  const rows = await db.query<{ same: boolean }>('SELECT bool_and(d::jsonb = ($2::jsonb -> (i::int - 1))) AS same FROM unnest($1::text[]) WITH ORDINALITY AS u(d, i)', [docs, `[${docs.join(',')}]`]);
  assert.equal(rows[0]!.same, true);
});

test('a text[] of a few long strings (over the size from which a text is sent in binary)', async () => {
  const values = ['x'.repeat(300), `{"a":"${'é'.repeat(400)}"}`];
  const rows = await db.query<{ v: string }>('SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i', [values]);
  assert.deepEqual(rows.map((r) => r.v), values);
});

test('a text[] that is not only strings is still sent, as PostgreSQL reads it', async () => {
  const values = Array.from({ length: 100 }, (_, i) => i);
  const rows = await db.query<{ n: number; last: string }>('SELECT cardinality($1::text[]) AS n, ($1::text[])[100] AS last', [values]);
  assert.deepEqual(rows[0], { n: 100, last: '99' });
});
