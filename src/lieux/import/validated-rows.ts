// Owns turning the rows of an opened file into validated places (or their problems), either in
// this thread or, for large files, in a worker thread so that reading and validating run on a
// second core while the main thread writes to the database. Both give the same rows in order.
import { Worker } from 'node:worker_threads';
import type { Adresse, RowIssue } from '../domain/lieu.ts';
import { openImportFile, type OpenedFile } from '../formats/registry.ts';
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
  | { kind: 'opened'; file: FileInfo }
  | { kind: 'rows'; rows: ValidatedRow[]; done?: boolean }
  | { kind: 'error'; message: string; fileError?: { reason: string; line?: number } };

/** What the import report says of the file: its format and what was detected (encoding, delimiter…). */
export type FileInfo = Pick<OpenedFile, 'format' | 'details'>;

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

/**
 * The validated rows of a file, in order. `file` settles once the file is opened: its format, or
 * the FileError that stops the import before any row (unknown format, missing columns…). `close`
 * stops the reading (and its worker) early.
 */
export type RowStream = AsyncIterable<ValidatedRow> & { file: Promise<FileInfo>; close(): Promise<void> };

/**
 * Starts opening, reading and validating at once. In a worker, its start (~0.3 s to load the
 * validation code) overlaps whatever the caller does before its first row: the worker opens the
 * file itself, with the format forced or detected, and says what it found first.
 */
export function validatedRows(file: { path: string; format?: string }, inWorker: boolean): RowStream {
  if (inWorker) return rowsFromWorker({ ...file, chunkSize: 250, window: 8 });
  const opened = openImportFile(file.path, file.format);
  async function* inThread(): AsyncGenerator<ValidatedRow> {
    const { rows, map } = await opened;
    for await (const row of rows()) yield validateRow(map, row.line, row.record, row.issues);
  }
  const rows = inThread();
  return {
    [Symbol.asyncIterator]: () => rows,
    file: opened.then(({ format, details }) => ({ format, details })),
    close: async () => void (await rows.return(undefined)),
  };
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
  const inbox: Exclude<WorkerMessage, { kind: 'opened' }>[] = [];
  let failure: Error | undefined;
  let opened: { resolve(file: FileInfo): void; reject(error: Error): void };
  const file = new Promise<FileInfo>((resolve, reject) => (opened = { resolve, reject }));
  file.catch(() => undefined); // also thrown by the rows, whoever reads first
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'opened') return opened.resolve(message.file);
    if (message.kind === 'error') opened.reject(messageError(message)); // no effect once opened
    inbox.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    opened.reject(error);
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`The validation worker stopped (exit code ${code}) before the end of the file.`);
    opened.reject(failure);
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
        if (message.kind === 'error') throw messageError(message);
        worker.postMessage(1); // one more chunk may be sent
        yield* message.rows;
        if (message.done) return;
      }
    } finally {
      await worker.terminate();
    }
  }
  const iterator = rows();
  return { [Symbol.asyncIterator]: () => iterator, file, close: async () => void (await worker.terminate()) };
}

function messageError(message: Extract<WorkerMessage, { kind: 'error' }>): Error {
  if (message.fileError) return new FileError(message.fileError.reason, message.fileError.line);
  return new Error(`Validation worker: ${message.message}`);
}
