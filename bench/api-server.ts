// Owns the server process of the API benchmarks: the real Fastify app (buildServer) on a PGlite
// data directory, listening on 127.0.0.1 on a free port. It runs apart from the load generator so
// that autocannon's own work does not slow the server's event loop down. It talks to its parent
// over IPC: it sends { port } once listening, answers 'cpu' with its CPU time so far, and stops on
// 'stop' or when the parent goes away. No geocoder: nothing leaves 127.0.0.1.
//
// Options (after the data directory):
//   --timings     time every request server-side (Fastify onRequest → onResponse hooks, i.e. from
//                 the moment Fastify takes the request to the end of sending the response) and
//                 answer 'timings' with the durations by URL since the last 'timings' (then forget them)
//   --now <iso>   pin the clock of time-dependent answers (opening hours) to this instant
//
// Usage (from bench/api.ts): node --import tsx bench/api-server.ts <pglite data dir> [--timings] [--now <iso>]
import type { AddressInfo } from 'node:net';
import { openDb } from '../src/platform/db.ts';
import { buildServer } from '../src/api/server.ts';
import { catalog } from '../src/lieux/catalog/catalog.ts';
import { pinClock } from '../src/platform/clock.ts';

const [dataDir, ...options] = process.argv.slice(2);
if (!dataDir || !process.send) {
  process.stderr.write('bench/api-server.ts is started by bench/api.ts with a PGlite data directory.\n');
  process.exit(2);
}
const nowIndex = options.indexOf('--now');
if (nowIndex >= 0) {
  const instant = new Date(options[nowIndex + 1] ?? '');
  if (Number.isNaN(instant.getTime())) {
    process.stderr.write(`bench/api-server.ts: --now needs an ISO instant, not ${options[nowIndex + 1]}.\n`);
    process.exit(2);
  }
  pinClock(instant);
}

const db = await openDb({ backend: 'pglite', dataDir });
const app = await buildServer(db, { geocoder: undefined });

let timings = new Map<string, number[]>();
if (options.includes('--timings')) {
  const started = new WeakMap<object, bigint>();
  app.addHook('onRequest', (request, _reply, done) => {
    started.set(request.raw, process.hrtime.bigint());
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    const start = started.get(request.raw);
    if (start !== undefined) {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const list = timings.get(request.url) ?? timings.set(request.url, []).get(request.url)!;
      list.push(ms);
    }
    done();
  });
}

await catalog(db); // loaded before the clock, as `passerelle serve` does before listening
await app.listen({ host: '127.0.0.1', port: 0 });
process.send({ type: 'ready', port: (app.server.address() as AddressInfo).port });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app.close();
  await db.close();
  // A normal exit, so that --cpu-prof (BENCH_SERVER_PROFILE) writes its profile.
  process.exit(0);
}

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'cpu', ms: (user + system) / 1000 });
  } else if (message?.type === 'timings') {
    process.send!({ type: 'timings', byUrl: Object.fromEntries(timings) });
    timings = new Map();
  } else if (message?.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
