// Owns turning the rows of an opened file into validated places (or their problems), either in
// this thread or, for large files, in a worker thread so that reading and validating run on a
// second core while the main thread writes to the database. Both give the same rows in order.
import { openImportFile } from '../formats/registry.ts';
import { FileError } from '../formats/readers.ts';
import { validateRow, type FileInfo, type ValidatedRow, type WorkerInput, type WorkerMessage } from './validate-row.ts';
import { validationWorker } from './worker-script.ts';

/** Files from this size up are validated in a worker: below, starting it costs more than it saves. */
export const WORKER_FROM_BYTES = 1_000_000;

/**
 * The validated rows of a file, in order. `file` settles once the file is opened: its format, or
 * the FileError that stops the import before any row (unknown format, missing columns…). `close`
 * stops the reading (and its worker) early.
 */
export type RowStream = AsyncIterable<ValidatedRow> & { file: Promise<FileInfo>; close(): Promise<void> };

/**
 * Starts opening, reading and validating at once. In a worker, its start (~0.2 s to load the
 * validation code) overlaps whatever the caller does before its first row: the worker opens the
 * file itself, with the format forced or detected, and says what it found first.
 */
export function validatedRows(source: { path: string; format?: string }, inWorker: boolean): RowStream {
  if (inWorker) return rowsFromWorker({ ...source, chunkSize: 250, window: 8 });
  const opened = openImportFile(source.path, source.format);
  async function* inThread(): AsyncGenerator<ValidatedRow> {
    const { rows, map } = await opened;
    for await (const row of rows()) yield validateRow(map, row.line, row.record, row.issues);
  }
  const rows = inThread();
  const file = opened.then(({ format, details }) => ({ format, details }));
  file.catch(() => undefined); // awaited later, once the database is ready
  return {
    [Symbol.asyncIterator]: () => rows,
    file,
    close: async () => void (await rows.return(undefined)),
  };
}

function rowsFromWorker(input: WorkerInput): RowStream {
  const worker = validationWorker(input);
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
  const fail = (error: Error) => {
    failure ??= error;
    opened.reject(failure); // no effect once opened
    notify();
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'opened') return opened.resolve(message.file);
    if (message.kind === 'error') opened.reject(messageError(message));
    inbox.push(message);
    notify();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The validation worker stopped (exit code ${code}) before the end of the file.`)));
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
      await stop();
    }
  }
  const stop = async () => void (await worker.terminate());
  const iterator = rows();
  return { [Symbol.asyncIterator]: () => iterator, file, close: stop };
}

function messageError(message: Extract<WorkerMessage, { kind: 'error' }>): Error {
  if (message.fileError) return new FileError(message.fileError.reason, message.fileError.line);
  return new Error(`Validation worker: ${message.message}`);
}
