// Owns the server process of the API benchmark: the real Fastify app (buildServer) on a PGlite
// data directory, listening on 127.0.0.1 on a free port. It runs apart from the load generator so
// that autocannon's own work does not slow the server's event loop down. It talks to its parent
// over IPC: it sends { port } once listening, answers 'cpu' with its CPU time so far, and stops on
// 'stop' or when the parent goes away.
//
// Usage (from bench/api.ts): node --import tsx bench/api-server.ts <pglite data dir>
import type { AddressInfo } from 'node:net';
import { openDb } from '../src/platform/db.ts';
import { buildServer } from '../src/api/server.ts';
import { catalog } from '../src/lieux/catalog/catalog.ts';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  process.stderr.write('bench/api-server.ts is started by bench/api.ts with a PGlite data directory.\n');
  process.exit(2);
}

const db = await openDb({ backend: 'pglite', dataDir });
const app = await buildServer(db);
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
  } else if (message?.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
