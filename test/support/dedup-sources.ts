// The two hand-made sources of test/fixtures/dedup/ (a hub and the national cartography
// describing some of the same places differently), imported into a fresh test database.
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { openTestDb } from './test-db.ts';
import { FIXTURES } from './paths.ts';

export const HUB = `${FIXTURES}dedup/hub.csv`;
export const NATIONALE = `${FIXTURES}dedup/nationale.csv`;

export async function openDbWithBothSources(actor: string): Promise<Db> {
  const db = await openTestDb();
  await importFile(db, { path: HUB, source: 'hub', actor });
  await importFile(db, { path: NATIONALE, source: 'nationale', actor });
  return db;
}
