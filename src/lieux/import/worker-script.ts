// Owns how the validation worker's code is started. This process runs TypeScript through tsx,
// whose loader hooks do not reach worker threads. Registering tsx again in each worker made every
// large import wait ~0.2 s more for its first rows: tsx's hooks thread resolves and transforms each
// module (346 ms to the worker's first message, against 166 ms for the same code as one JavaScript
// file). So the worker's own modules are bundled, once per process, by esbuild (the compiler tsx
// itself uses; ~20 ms) into a file under node_modules/.cache named after its content; packages stay
// imports resolved from node_modules. Bundled from the sources this process loaded, the worker
// runs the same code as the main thread. If bundling fails, the worker registers tsx itself.
// Bundling is synchronous (~50 ms, esbuild's buildSync) on purpose: the asynchronous build talks
// to esbuild's process through this thread's event loop, which PGlite blocks while it runs a
// statement, so the worker only started once the import's first queries (~0.3 s) were done.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInput } from './validate-row.ts';

const ENTRY = new URL('./validation-worker.ts', import.meta.url);
// Inside node_modules, so that the bundle's imports of packages resolve as the sources' do.
const CACHE = new URL('../../../node_modules/.cache/passerelle/', import.meta.url);

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
    return bundleWorker();
  } catch {
    return undefined;
  }
}

function bundleWorker(): URL {
  // Required only here: a process that never imports a large file does not load esbuild.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = buildSync({
    entryPoints: [fileURLToPath(ENTRY)], bundle: true, packages: 'external', platform: 'node', format: 'esm',
    target: 'node20', write: false, logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const file = new URL(`validation-worker-${createHash('sha1').update(code).digest('hex').slice(0, 16)}.mjs`, CACHE);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${fileURLToPath(file)}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file); // atomic: another process may be writing the same file
  }
  return file;
}
