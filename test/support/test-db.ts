// Test databases. Without TEST_DATABASE_URL: an in-memory PGlite restored from a template that
// is migrated and has the territories loaded (built once, cached under node_modules/.cache).
// With TEST_DATABASE_URL: a fresh schema of its own on that PostgreSQL server, dropped at the end.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDb, type Db } from '../../src/platform/db.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { seedTerritories } from '../../src/territoires/seed.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = `${ROOT}node_modules/.cache/passerelle-test`;

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;
export const backendName = testDatabaseUrl ? 'postgres' : 'pglite';

function templateKey(): string {
  const hash = createHash('sha1');
  for (const f of readdirSync(`${ROOT}migrations`).sort()) hash.update(f).update(readFileSync(`${ROOT}migrations/${f}`));
  hash.update(readFileSync(`${ROOT}src/territoires/seed.ts`));
  hash.update(readFileSync(`${ROOT}node_modules/@etalab/decoupage-administratif/package.json`));
  hash.update(readFileSync(`${ROOT}node_modules/@electric-sql/pglite/package.json`));
  return hash.digest('hex').slice(0, 16);
}

async function pgliteTemplate(): Promise<Blob> {
  const path = `${CACHE_DIR}/template-${templateKey()}.tar`;
  if (!existsSync(path)) {
    const db = await openDb({ backend: 'pglite' });
    await migrate(db);
    await seedTerritories(db);
    const blob = await db.dump!();
    await db.close();
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, path); // atomic: parallel test files never read half a template
  }
  return new Blob([readFileSync(path)]);
}

/** A migrated database with all French territories loaded and no place. */
export async function openTestDb(): Promise<Db> {
  if (!testDatabaseUrl) return openDb({ backend: 'pglite', loadDataDir: await pgliteTemplate() });
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = await openDb({ backend: 'postgres', url: testDatabaseUrl, schema, maxConnections: 4 });
  await migrate(db);
  await seedTerritories(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    close: async () => {
      await close();
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  });
}
