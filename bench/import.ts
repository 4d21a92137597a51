// Owns the import benchmark: the generated CSV goes through importFile into a fresh database
// (embedded PGlite in a temporary directory on disk; PostgreSQL too when BENCH_DATABASE_URL is
// set, in a schema of its own dropped afterwards), then the same file again (every row unchanged).
// The clock starts once the database is migrated and the territories are loaded. Besides rows/s,
// it records where the time goes: reading + validation alone (on the first rows), time inside SQL
// statements by kind, and the duration of each batch.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db, type Queryable } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { seedTerritories, territoriesLoaded } from '../src/territoires/seed.ts';
import { importFile, type ImportReport } from '../src/lieux/import/import-file.ts';
import { openImportFile } from '../src/lieux/formats/registry.ts';
import { OUT_DIR, ROOT, log, percentile } from './common.ts';

export const BENCH_SOURCE = 'bench';

export type StatementTime = { statement: string; calls: number; ms: number };
export type ImportRun = {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  /** Time spent waiting for SQL statements inside the import transaction. */
  sqlMs: number;
  statements: StatementTime[];
  /** Wall time of each batch (reading, validation and writing of its rows), in order. */
  batchMs: number[];
};
export type BackendImport = { backend: 'pglite' | 'postgres'; setupMs: number; first: ImportRun; again: ImportRun; lieux: number };
export type ValidateOnly = { rows: number; ms: number; rowsPerSecond: number };
export type ImportBench = { validateOnly: ValidateOnly; pglite: BackendImport; postgres?: BackendImport; pgliteDataDir: string };

/**
 * Reads and validates rows without any database: the ceiling the writes start from. The first
 * `maxRows` rows are enough to know the rate and keep the whole benchmark short.
 */
export async function validateOnly(path: string, maxRows = 5000): Promise<ValidateOnly> {
  const started = performance.now();
  const opened = await openImportFile(path);
  let rows = 0;
  for await (const { line, record } of opened.rows()) {
    opened.map(record, line);
    if (++rows >= maxRows) break;
  }
  const ms = performance.now() - started;
  return { rows, ms, rowsPerSecond: rows / (ms / 1000) };
}

/** Wraps a database so that every statement run inside a transaction is timed, by kind. */
function timedDb(db: Db): { db: Db; take: () => { sqlMs: number; statements: StatementTime[] } } {
  let byKind = new Map<string, StatementTime>();
  const timed = (q: Queryable): Queryable => ({
    query: async (sql, params) => {
      const started = performance.now();
      try {
        return await q.query(sql, params);
      } finally {
        const kind = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
        const entry = byKind.get(kind) ?? byKind.set(kind, { statement: kind, calls: 0, ms: 0 }).get(kind)!;
        entry.calls++;
        entry.ms += performance.now() - started;
      }
    },
  });
  const wrapped: Db = Object.assign(Object.create(db) as Db, {
    backend: db.backend,
    query: db.query.bind(db),
    exec: db.exec.bind(db),
    close: db.close.bind(db),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(timed(tx))),
  });
  return {
    db: wrapped,
    take: () => {
      const statements = [...byKind.values()].sort((a, b) => b.ms - a.ms);
      byKind = new Map();
      return { sqlMs: statements.reduce((s, e) => s + e.ms, 0), statements };
    },
  };
}

export async function timedImport(db: Db, path: string): Promise<ImportRun> {
  const { db: instrumented, take } = timedDb(db);
  const batchMs: number[] = [];
  let last = performance.now();
  const started = last;
  const report: ImportReport = await importFile(instrumented, {
    path, source: BENCH_SOURCE, actor: 'bench', onProgress: () => {
      const now = performance.now();
      batchMs.push(now - last);
      last = now;
    },
  });
  const ms = performance.now() - started;
  if (report.file_error) throw new Error(`The benchmark file could not be read: ${report.file_error.reason}`);
  return {
    rows: report.rows_read, ms, rowsPerSecond: report.rows_read / (ms / 1000),
    created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rows_rejected,
    warnings: report.issues.filter((i) => i.severity === 'warning').length,
    ...take(), batchMs,
  };
}

async function runBackend(db: Db, path: string, setupMs: number): Promise<BackendImport> {
  log(`${db.backend}: importing ${path}…`);
  const first = await timedImport(db, path);
  log(`${db.backend}: ${first.rows} rows in ${(first.ms / 1000).toFixed(1)} s (${Math.round(first.rowsPerSecond)} rows/s); importing the same file again…`);
  const again = await timedImport(db, path);
  log(`${db.backend}: re-import in ${(again.ms / 1000).toFixed(1)} s (${Math.round(again.rowsPerSecond)} rows/s)`);
  const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM lieux WHERE merged_into IS NULL');
  return { backend: db.backend, setupMs, first, again, lieux: count?.n ?? 0 };
}

export async function prepared(open: () => Promise<Db>): Promise<{ db: Db; setupMs: number }> {
  const started = performance.now();
  const db = await open();
  await migrate(db);
  if (!(await territoriesLoaded(db))) await seedTerritories(db);
  return { db, setupMs: performance.now() - started };
}

/**
 * A PGlite database migrated and with the territories loaded, as a tarball cached in bench/out/
 * (loading 35,000 communes takes longer than the import measured). Its name changes with the
 * migrations, the seeding code and the versions of PGlite and of the territories package.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash('sha1');
  for (const f of readdirSync(`${ROOT}migrations`).sort()) hash.update(f).update(readFileSync(`${ROOT}migrations/${f}`));
  for (const f of ['src/territoires/seed.ts', 'node_modules/@etalab/decoupage-administratif/package.json', 'node_modules/@electric-sql/pglite/package.json']) {
    hash.update(readFileSync(`${ROOT}${f}`));
  }
  const path = `${OUT_DIR}pglite-template-${hash.digest('hex').slice(0, 16)}.tar`;
  if (!existsSync(path)) {
    log('PGlite: building the migrated database with territories (once, cached in bench/out/)…');
    const { db } = await prepared(() => openDb({ backend: 'pglite' }));
    const blob = await db.dump!();
    await db.close();
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(`${path}.${process.pid}.tmp`, Buffer.from(await blob.arrayBuffer()));
    renameSync(`${path}.${process.pid}.tmp`, path);
  }
  return new Blob([readFileSync(path)]);
}

/**
 * Runs the import benchmark. The PGlite data directory is left in place (closed) for the API
 * benchmark; the caller removes it.
 */
export async function benchImport(options: { path: string; postgresUrl?: string }): Promise<ImportBench> {
  log('Reading and validating the first rows of the file without a database…');
  const validate = await validateOnly(options.path);
  log(`Validation alone: ${Math.round(validate.rowsPerSecond)} rows/s`);

  const pgliteDataDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  log(`PGlite: restoring the migrated database with territories into ${pgliteDataDir}…`);
  let pglite: BackendImport;
  try {
    const template = await pgliteTemplate();
    const lite = await prepared(() => openDb({ backend: 'pglite', dataDir: pgliteDataDir, loadDataDir: template }));
    try {
      pglite = await runBackend(lite.db, options.path, lite.setupMs);
    } finally {
      await lite.db.close();
    }
  } catch (error) {
    rmSync(pgliteDataDir, { recursive: true, force: true });
    throw error;
  }

  let postgres: BackendImport | undefined;
  if (options.postgresUrl) {
    const schema = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
    log(`PostgreSQL: schema ${schema}, migrating and loading territories…`);
    try {
      const server = await prepared(() => openDb({ backend: 'postgres', url: options.postgresUrl!, schema, maxConnections: 4 }));
      try {
        postgres = await runBackend(server.db, options.path, server.setupMs);
      } finally {
        await server.db.close();
      }
    } finally {
      const admin = new pg.Client({ connectionString: options.postgresUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  }
  return { validateOnly: validate, pglite, ...(postgres && { postgres }), pgliteDataDir };
}

/**
 * VACUUM ANALYZE of a closed PGlite database. PGlite runs no autovacuum: without this the planner
 * has no statistics at all (it estimates `merged_into IS NULL` to keep 0.5 % of the rows).
 */
export async function vacuumAnalyzePglite(dataDir: string): Promise<number> {
  const started = performance.now();
  const db = await openDb({ backend: 'pglite', dataDir });
  try {
    await db.exec('VACUUM ANALYZE');
  } finally {
    await db.close();
  }
  return performance.now() - started;
}

/** Batch durations summarised: first, median, p95, last (ms). */
export function batchSummary(batchMs: readonly number[]): { first: number; median: number; p95: number; last: number } {
  // The final flush may hold only a few rows; leave it out when there are full batches.
  const full = batchMs.length > 1 ? batchMs.slice(0, -1) : batchMs;
  const sorted = [...full].sort((a, b) => a - b);
  return { first: full[0] ?? Number.NaN, median: percentile(sorted, 50), p95: percentile(sorted, 95), last: full[full.length - 1] ?? Number.NaN };
}
