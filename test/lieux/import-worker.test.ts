// Reading and validating in a worker thread (large files) gives exactly the report and the places
// that validating in the main thread gives, including rejected rows, warnings and a file that
// stops midway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Db } from '../../src/platform/db.ts';
import { importFile, type ImportReport } from '../../src/lieux/import/import-file.ts';
import { tsxWorker, validationWorker } from '../../src/lieux/import/worker-script.ts';
import { openTestDb } from '../support/test-db.ts';
import { DEMO_DATASET, FIXTURES } from '../support/paths.ts';

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(async () => {
  await db.close();
});

const BAD = `${FIXTURES}bad/`;
const files = [
  DEMO_DATASET,
  ...readdirSync(BAD).filter((f) => /\.(csv|tsv)$/.test(f)).map((f) => BAD + f),
];

async function importBoth(path: string, n: number): Promise<[ImportReport | string, ImportReport | string]> {
  const run = async (inWorker: boolean) => {
    try {
      const { import_run_id: _, source: __, ...report } = await importFile(db, { path, source: `worker-${n}-${inWorker}`, actor: 'test', validateInWorker: inWorker, batchSize: 50 });
      return report as ImportReport;
    } catch (error) {
      return `${(error as Error).constructor.name}: ${(error as Error).message}`;
    }
  };
  return [await run(false), await run(true)];
}

test('a worker thread validates exactly as the main thread: same report, same places', async () => {
  let withRows = 0;
  for (const [n, path] of files.entries()) {
    const [inline, worker] = await importBoth(path, n);
    assert.deepEqual(worker, inline, path);
    if (typeof inline !== 'string' && inline.created > 0) withRows++;
    const places = async (inWorker: boolean) =>
      db.query("SELECT l.nom, l.commune_code, l.search_text, l.data->'services' AS services, r.hash, coalesce(r.data, l.data) AS data FROM source_records r JOIN lieux l ON l.id = r.lieu_id WHERE r.source = $1 ORDER BY r.source_id", [`worker-${n}-${inWorker}`]);
    assert.deepEqual(await places(true), await places(false), path);
  }
  assert.ok(withRows >= 5, 'most files have valid rows');
});

test('a file cut in the middle is read up to the cut in the worker too', async () => {
  const [inline, worker] = await importBoth(`${BAD}truncated.csv`, 1000);
  assert.equal(typeof worker, 'object');
  assert.ok((worker as ImportReport).file_error, 'the file error is reported');
  assert.deepEqual(worker, inline);
});

test('the bundled worker and the worker that loads its TypeScript through tsx send the same messages', async () => {
  const input = { path: `${FIXTURES}bad/coordinates.csv`, chunkSize: 2, window: 100 };
  const messages = async (worker: Worker) => {
    const received: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { kind: string; done?: boolean }) => {
        received.push(message);
        if (message.done || message.kind === 'error') resolve();
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    return received;
  };
  const bundled = await messages(validationWorker(input));
  assert.ok(bundled.length >= 3, 'opened, then rows in chunks');
  assert.deepEqual(await messages(tsxWorker(input)), bundled);
});
