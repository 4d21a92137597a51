// Owns a quick import measurement for whoever works on import speed: the generated file into a
// fresh PGlite (and PostgreSQL with --postgres and BENCH_DATABASE_URL), first import then
// re-import, with wall and CPU time of this process and the time inside each kind of statement.
// No API part, no report file. Usage:
//   node --import tsx bench/import-only.ts [--rows 30000] [--seed 2026] [--postgres] [--validate]
//   --validate   also read + validate the whole file without a database (CPU time per row)
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../src/platform/db.ts';
import { openImportFile } from '../src/lieux/formats/registry.ts';
import { OUT_DIR, fmtInt, log } from './common.ts';
import { generateDataset, parseIntOption } from './generate.ts';
import { pgliteTemplate, prepared, timedImport, type ImportRun } from './import.ts';

const args = process.argv.slice(2);
const rows = parseIntOption(args, 'rows', 30_000);
const seed = parseIntOption(args, 'seed', 2026);
const path = `${OUT_DIR}lieux-${rows}-seed${seed}.csv`;
if (!existsSync(path)) await generateDataset({ rows, seed });

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

function show(label: string, run: ImportRun, cpu: number): void {
  const us = (ms: number) => ((1000 * ms) / run.rows).toFixed(1);
  console.log(`${label}: ${fmtInt(run.rows)} rows in ${(run.ms / 1000).toFixed(2)} s = ${fmtInt(run.rowsPerSecond)} rows/s; ` +
    `process CPU ${(cpu / 1000).toFixed(2)} s (${us(cpu)} µs/row); in SQL ${(run.sqlMs / 1000).toFixed(2)} s (${us(run.sqlMs)} µs/row); ` +
    `created ${run.created}, updated ${run.updated}, unchanged ${run.unchanged}, rejected ${run.rejected}`);
  for (const s of run.statements.slice(0, 8)) console.log(`    ${s.ms.toFixed(0).padStart(6)} ms ${String(s.calls).padStart(4)}× ${s.statement}`);
}

async function twice(db: Db, name: string): Promise<void> {
  for (const label of ['first import', 're-import']) {
    const cpu = process.cpuUsage();
    const run = await timedImport(db, path);
    show(`${name} ${label}`, run, cpuMs(cpu));
  }
  // importFile ends with ANALYZE when much changed (outside the timed statements): its cost alone.
  const started = performance.now();
  await db.exec('ANALYZE lieux; ANALYZE source_records');
  console.log(`${name} ANALYZE lieux, source_records: ${(performance.now() - started).toFixed(0)} ms`);
}

if (args.includes('--validate')) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const opened = await openImportFile(path);
  let n = 0;
  for await (const { line, record } of opened.rows()) {
    opened.map(record, line);
    n++;
  }
  const ms = performance.now() - started;
  console.log(`validate only: ${fmtInt(n)} rows in ${(ms / 1000).toFixed(2)} s = ${fmtInt(n / (ms / 1000))} rows/s; CPU ${(1000 * cpuMs(cpu) / n).toFixed(1)} µs/row`);
}

if (!args.includes('--no-pglite')) {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  try {
    const template = await pgliteTemplate();
    const { db } = await prepared(() => openDb({ backend: 'pglite', dataDir: dir, loadDataDir: template }));
    try {
      await twice(db, 'pglite');
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args.includes('--postgres')) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('--postgres needs BENCH_DATABASE_URL');
  const schema = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  log(`PostgreSQL: schema ${schema}`);
  try {
    const { db } = await prepared(() => openDb({ backend: 'postgres', url, schema, maxConnections: 4 }));
    try {
      await twice(db, 'postgres');
    } finally {
      await db.close();
    }
  } finally {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
