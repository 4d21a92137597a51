// The set-up most API tests share: a test database holding the demo dataset (the Hinaura hub's
// 687 places) and the real app built on it, closed together at the end.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { buildServer, type ServerOptions } from '../../src/api/server.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { openTestDb } from './test-db.ts';
import { DEMO_DATASET } from './paths.ts';

export type DemoApp = { db: Db; app: FastifyInstance; close(): Promise<void> };

export async function openDemoApp(options?: ServerOptions): Promise<DemoApp> {
  const db = await openTestDb();
  await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
  const app = await buildServer(db, options);
  return {
    db,
    app,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
