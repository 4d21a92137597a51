// Owns the import's contract with bad inputs: every file of test/fixtures/bad/ is imported into a
// fresh database; the report (counts, detected encoding and separator, file error, every issue)
// must be exactly its NAME.expected.json, or the file must be refused with exactly the expected
// message. Then the database must hold every valid row of the file, as written, and nothing else.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Db } from '../../src/platform/db.ts';
import type { LieuData } from '../../src/lieux/domain/lieu.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { FileError } from '../../src/lieux/formats/readers.ts';
import { openTestDb } from '../support/test-db.ts';
import { FIXTURES } from '../support/paths.ts';
import { badFixtures } from '../fixtures/bad/generate.ts';

const DIR = `${FIXTURES}bad/`;

type Expected = {
  case: string;
  /** The file is refused before any row is read (FileError from openImportFile). */
  rejected?: { message: string; line?: number };
  report?: Record<string, unknown>;
  /** The rows that must be stored: their id and fields of the stored place to compare (null: absent). */
  imported?: ({ id: string } & Record<string, unknown>)[];
};

const files = readdirSync(DIR).filter((f) => !f.startsWith('.'));
const inputs = files.filter((f) => !f.endsWith('.expected.json') && f !== 'generate.ts');
const stem = (file: string) => file.slice(0, file.length - extname(file).length);

test('every input of the corpus has its expected report, and every expected report its input', () => {
  assert.ok(inputs.length >= 15);
  assert.deepEqual(inputs.map((f) => `${stem(f)}.expected.json`).sort(), files.filter((f) => f.endsWith('.expected.json')).sort());
});

test('the byte-exact inputs are exactly what generate.ts writes', () => {
  for (const [name, bytes] of Object.entries(badFixtures())) {
    assert.ok(readFileSync(`${DIR}${name}`).equals(bytes), `${name} is out of date: run npx tsx test/fixtures/bad/generate.ts`);
  }
});

const count = async (db: Db, table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

// A refused file must leave the database untouched, so the refused files share one database,
// checked empty after each of them; every imported file gets a fresh one.
let untouched: Promise<Db> | undefined;
after(async () => {
  if (untouched) await (await untouched).close();
});

for (const input of inputs) {
  const expected = JSON.parse(readFileSync(`${DIR}${stem(input)}.expected.json`, 'utf8')) as Expected;

  test(`${input}: ${expected.case}`, async () => {
    const db = await (expected.rejected ? (untouched ??= openTestDb()) : openTestDb());
    try {
      const run = importFile(db, { path: `${DIR}${input}`, source: 'bad-inputs', actor: 'test' });
      if (expected.rejected) {
        const { message, line } = expected.rejected;
        await assert.rejects(run, (error: unknown) => {
          assert.ok(error instanceof FileError, `expected a FileError, got ${String(error)}`);
          assert.equal(error.message, message);
          assert.equal(error.line, line);
          return true;
        });
        assert.equal(await count(db, 'import_runs'), 0, 'a refused file leaves no trace of an import');
      } else {
        const report = await run;
        const { details, rows_read, rows_rejected, created, file_error, issues } = report;
        assert.deepEqual({ details, rows_read, rows_rejected, created, ...(file_error && { file_error }), issues }, expected.report);
        assert.equal(await count(db, 'import_runs'), 1);
      }

      // Every valid row is stored, as written; nothing else is. The payloads of some files
      // (DROP TABLE…) would make these queries fail if they had been run as SQL.
      const wanted = expected.imported ?? [];
      const stored = await db.query<{ source_id: string; nom: string; data: LieuData }>(
        'SELECT s.source_id, l.nom, l.data FROM source_records s JOIN lieux l ON l.id = s.lieu_id',
      );
      assert.deepEqual(stored.map((r) => r.source_id).sort(), wanted.map((w) => w.id).sort());
      assert.equal(await count(db, 'lieux'), wanted.length);
      for (const want of wanted) {
        const row = stored.find((r) => r.source_id === want.id)!;
        assert.equal(row.nom, row.data.nom, 'the nom column holds the name exactly');
        for (const [field, value] of Object.entries(want)) {
          if (field !== 'id') assert.deepEqual((row.data as Record<string, unknown>)[field] ?? null, value, `${want.id}: ${field}`);
        }
      }
    } finally {
      if (!expected.rejected) await db.close();
    }
  });
}
