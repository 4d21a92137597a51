// Owns turning the rows of an opened file into validated places (or their problems), either in
// this thread or, for large files, in a worker thread so that reading and validating run on a
// second core while the main thread writes to the database. Both give the same rows in order.
import { Worker } from 'node:worker_threads';
import type { Adresse, RowIssue } from '../domain/lieu.ts';
import type { OpenedFile } from '../formats/registry.ts';
import type { FlatRow } from '../formats/standard-row.ts';
import { FileError } from '../formats/readers.ts';
import { jsonHash } from '../store/write-records.ts';
import { prepareRow, type PreparedRow } from '../store/lieu-row.ts';

/**
 * One row of the file: its problems, and the place when it is valid. The place travels as JSON
 * text from the worker (copying a string between threads costs a fifth of copying the objects,
 * ~35 ms instead of ~180 ms per 30,000 places, on the main thread); the writer parses it only for
 * a place that changed.
 */
export type ValidatedRow = { line: number; issues: RowIssue[]; place?: ValidPlace };

/** A valid place: its source id and address, its data as JSON with its hash, and its row prepared for an insert. */
export type ValidPlace = { id: string; adresse: Adresse; json: string; hash: string; prepared: PreparedRow };

export type WorkerInput = { path: string; format?: string; chunkSize: number; window: number };
export type WorkerMessage =
  | { kind: 'rows'; rows: ValidatedRow[]; done?: boolean }
  | { kind: 'error'; message: string; fileError?: { reason: string; line?: number } };

/** Files from this size up are validated in a worker: below, starting it costs more than it saves. */
export const WORKER_FROM_BYTES = 1_000_000;

export function validateRow(map: OpenedFile['map'], line: number, record: FlatRow, readIssues: RowIssue[] = []): ValidatedRow {
  // A row the reader already refused (values in the wrong columns, a NUL character) is not validated.
  const result = readIssues.some((i) => i.severity === 'error') ? { issues: [] } : map(record, line);
  const issues = readIssues.length > 0 ? [...readIssues, ...result.issues] : result.issues;
  if (!result.data) return { line, issues };
  const json = JSON.stringify(result.data);
  return { line, issues, place: { id: result.data.id, adresse: result.data.adresse, json, hash: jsonHash(json), prepared: prepareRow(result.data) } };
}

/** The validated rows of a file, in order; `close` stops the reading (and its worker) early. */
export type RowStream = AsyncIterable<ValidatedRow> & { close(): Promise<void> };

/**
 * Starts reading and validating at once: in a worker, its start (~0.3 s to load the validation
 * code) overlaps whatever the caller does before its first row, even opening the file (the worker
 * opens it itself, with the format forced or detected the same way). In this thread, rows are
 * read from `opened`. The caller closes the stream if it stops before the end.
 */
export function validatedRows(file: { path: string; format?: string; opened: Promise<OpenedFile> }, inWorker: boolean): RowStream {
  if (inWorker) return rowsFromWorker({ path: file.path, ...(file.format !== undefined && { format: file.format }), chunkSize: 250, window: 8 });
  async function* inThread(): AsyncGenerator<ValidatedRow> {
    const opened = await file.opened;
    for await (const row of opened.rows()) yield validateRow(opened.map, row.line, row.record, row.issues);
  }
  const rows = inThread();
  return { [Symbol.asyncIterator]: () => rows, close: async () => void (await rows.return(undefined)) };
}

// The worker runs TypeScript like the rest of the process: a few lines of JavaScript register tsx
// in it (hooks registered in the main thread do not reach workers) and load the worker module.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.module); });
`;

function rowsFromWorker(input: WorkerInput): RowStream {
  const worker = new Worker(BOOT, {
    eval: true,
    execArgv: [],
    workerData: { tsx: import.meta.resolve('tsx/esm/api'), module: new URL('./validation-worker.ts', import.meta.url).href, input },
  });
  const inbox: WorkerMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: WorkerMessage) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`The validation worker stopped (exit code ${code}) before the end of the file.`);
    notify();
  });
  async function* rows(): AsyncGenerator<ValidatedRow> {
    try {
      for (;;) {
        const message = inbox.shift();
        if (!message) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (message.kind === 'error') {
          if (message.fileError) throw new FileError(message.fileError.reason, message.fileError.line);
          throw new Error(`Validation worker: ${message.message}`);
        }
        worker.postMessage(1); // one more chunk may be sent
        yield* message.rows;
        if (message.done) return;
      }
    } finally {
      await worker.terminate();
    }
  }
  const iterator = rows();
  return { [Symbol.asyncIterator]: () => iterator, close: async () => void (await worker.terminate()) };
}
