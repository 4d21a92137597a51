// Owns the worker thread that reads and validates a file while the main thread writes (started by
// validated-rows.ts): rows are sent back in chunks, at most `window` chunks ahead of the main
// thread, so memory stays bounded whatever the size of the file.
import { parentPort, workerData } from 'node:worker_threads';
import { openImportFile } from '../formats/registry.ts';
import { FileError } from '../formats/readers.ts';
import { validateRow, type ValidatedRow, type WorkerInput, type WorkerMessage } from './validate-row.ts';

const { path, format, chunkSize, window } = (workerData as { input: WorkerInput }).input;
const port = parentPort!;
let credits = window;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});

async function send(message: WorkerMessage): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port.postMessage(message);
}

let chunk: ValidatedRow[] = [];
try {
  const opened = await openImportFile(path, format);
  port.postMessage({ kind: 'opened', file: { format: opened.format, details: opened.details } } satisfies WorkerMessage);
  for await (const row of opened.rows()) {
    chunk.push(validateRow(opened.map, row.line, row.record, row.issues));
    if (chunk.length >= chunkSize) {
      await send({ kind: 'rows', rows: chunk });
      chunk = [];
    }
  }
  await send({ kind: 'rows', rows: chunk, done: true });
} catch (error) {
  // Rows read before a problem with the file are still imported, as in the main thread.
  if (chunk.length > 0) await send({ kind: 'rows', rows: chunk });
  const fileError = error instanceof FileError ? { reason: error.message, ...(error.line !== undefined && { line: error.line }) } : undefined;
  await send({ kind: 'error', message: String((error as Error)?.stack ?? error), ...(fileError && { fileError }) });
}
