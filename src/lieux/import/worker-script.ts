// Owns how the validation worker's code is started. This process runs TypeScript through tsx,
// whose loader hooks do not reach worker threads. Registering tsx again in each worker made every
// large import wait ~0.2 s more for its first rows: tsx's hooks thread resolves and transforms each
// module (346 ms to the worker's first message, against 166 ms for the same code as one JavaScript
// file). So the worker runs a bundle of its own modules (worker-bundle.ts, made by esbuild, the
// compiler tsx itself uses, from the sources this process runs): the worker runs the same code as
// the main thread. If bundling fails, the worker registers tsx itself.
// Getting the bundle is synchronous on purpose: esbuild's asynchronous build talks to its process
// through this thread's event loop, which PGlite blocks while it runs a statement, so the worker
// only started once the import's first queries (~0.3 s) were done.
import { Worker } from 'node:worker_threads';
import type { WorkerInput } from './validate-row.ts';
import { workerBundle } from './worker-bundle.ts';

const ENTRY = new URL('./validation-worker.ts', import.meta.url);
let bundled: { script: URL | undefined } | undefined;

/** Starts the validation worker with `input` as its input. */
export function validationWorker(input: WorkerInput): Worker {
  bundled ??= { script: bundleOrUndefined() };
  return bundled.script ? new Worker(bundled.script, { execArgv: [], workerData: { input } }) : tsxWorker(input);
}

/** The worker loading its TypeScript through tsx (the fallback; tests compare both). */
export function tsxWorker(input: WorkerInput): Worker {
  const boot = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.module); });
`;
  return new Worker(boot, { eval: true, execArgv: [], workerData: { tsx: import.meta.resolve('tsx/esm/api'), module: ENTRY.href, input } });
}

function bundleOrUndefined(): URL | undefined {
  try {
    return workerBundle(ENTRY);
  } catch {
    return undefined;
  }
}
