// Owns `npm run bench`: generates the national-size dataset, measures the import (PGlite, and
// PostgreSQL when BENCH_DATABASE_URL is set), then the API latency on the imported database, and
// prints the results as Markdown (also written to bench/out/report-<time>.md and .json), with the
// machine, the date, the exact command and the targets of the issue.
//
// Usage: npm run bench [-- --rows 30000 --seed 2026 --max-seconds 40 --quick --skip-api --skip-orientation]
//   --quick       small rounds of API requests, to check the tooling (combine with --rows 2000)
//   --skip-orientation  leave out the last step, the orientation search (bench/orientation.ts, which
//                 loads the commune positions into the imported database first)
//   --analyze     VACUUM ANALYZE the database between the import and the API benchmark (PGlite
//                 never does it by itself: this shows what the planner does with statistics)
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test   also import into PostgreSQL
//   BENCH_SERVER_PROFILE=1        write a CPU profile of the API server into bench/out/profiles/
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { generateDataset, parseIntOption, type GeneratedDataset } from './generate.ts';
import { benchImport, batchSummary, vacuumAnalyzePglite, type BackendImport, type ImportBench } from './import.ts';
import { benchApi, type ApiBench } from './api.ts';
import { benchOrientation, nowOption, orientationRounds, renderOrientation, type OrientationBench } from './orientation.ts';
import {
  BenchSetupError, OUT_DIR, describeMachine, fmtInt, fmtMs, fmtSeconds, loadAverageNow, log, markdownTable, type Machine,
} from './common.ts';

const TARGET_IMPORT_ROWS_PER_SECOND = 10_000;
const TARGET_P95_MS = 20;
const TARGET_CONCURRENCY = 50;
const WATCHDOG_MINUTES = 15;

type Results = {
  date: string;
  command: string;
  machine: Machine;
  loadAverageEnd: string;
  totalMs: number;
  dataset: GeneratedDataset;
  importBench: Omit<ImportBench, 'pgliteDataDir'>;
  /** Time of the VACUUM ANALYZE run before the API benchmark (--analyze), if any. */
  analyzeMs?: number;
  api?: ApiBench;
  orientation?: OrientationBench;
};

function importRows(b: BackendImport): (string | number)[][] {
  const name = b.backend === 'pglite' ? 'PGlite (embedded, on disk)' : 'PostgreSQL server';
  const target = (rate: number) => (b.backend === 'pglite' ? (rate >= TARGET_IMPORT_ROWS_PER_SECOND ? '✅ ≥ 10,000' : '❌ < 10,000') : '–');
  return [
    [name, 'first import', fmtInt(b.first.rows), fmtSeconds(b.first.ms), fmtInt(b.first.rowsPerSecond), `${fmtInt(b.first.created)} created${b.first.rejected ? `, ${fmtInt(b.first.rejected)} rejected` : ''}`,
      `${Math.round((100 * b.first.sqlMs) / b.first.ms)} %`, target(b.first.rowsPerSecond)],
    [name, 're-import, same file', fmtInt(b.again.rows), fmtSeconds(b.again.ms), fmtInt(b.again.rowsPerSecond), `${fmtInt(b.again.unchanged)} unchanged${b.again.rejected ? `, ${fmtInt(b.again.rejected)} rejected` : ''}`,
      `${Math.round((100 * b.again.sqlMs) / b.again.ms)} %`, '–'],
  ];
}

export function renderReport(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  const d = r.dataset;
  out.push(`### Run of ${r.date}`, '');
  out.push(`- Command: \`${r.command}\`${process.env.BENCH_DATABASE_URL ? ' with BENCH_DATABASE_URL set' : ''}`);
  out.push(`- Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}`);
  out.push(`- Load average (1/5/15 min) at start: ${m.loadAverage}; at end: ${r.loadAverageEnd}`);
  out.push(`- Total time: ${fmtSeconds(r.totalMs)}`);
  out.push(`- Dataset: ${fmtInt(d.rows)} places, seed ${d.seed}, over ${fmtInt(d.communes)} communes, ${(d.bytes / 1e6).toFixed(1)} MB CSV, ` +
    `${fmtInt(d.distinctHoraires)} distinct opening-hours values; generated in ${fmtSeconds(d.ms)}`);
  const deviation = Math.max(...d.shares.map((s) => Math.abs(s.generated - s.demo)));
  out.push(`- Field distribution: ${d.shares.length} list values (services, publics, prise en charge, frais, modalités) ` +
    `each within ${(100 * deviation).toFixed(1)} points of their share in the demo dataset (table in the .json report)`);
  out.push('');

  const ib = r.importBench;
  out.push('#### Import', '');
  out.push(markdownTable(
    ['Database', 'Run', 'Rows', 'Time', 'Rows/s', 'Result', 'Time in SQL', `Target ≥ ${fmtInt(TARGET_IMPORT_ROWS_PER_SECOND)} rows/s`],
    [
      ['none', `read + validate only (first ${fmtInt(ib.validateOnly.rows)} rows)`, fmtInt(ib.validateOnly.rows), fmtSeconds(ib.validateOnly.ms), fmtInt(ib.validateOnly.rowsPerSecond), '–', '–', '–'],
      ...importRows(ib.pglite),
      ...(ib.postgres ? importRows(ib.postgres) : []),
    ],
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
  ));
  out.push('');
  const setups = [ib.pglite, ...(ib.postgres ? [ib.postgres] : [])];
  out.push(`Set-up before the clock (create, migrate, load territories): ${setups.map((b) => `${b.backend} ${fmtSeconds(b.setupMs)}`).join(', ')}.`, '');
  out.push('Batches of 1,000 rows (wall time of reading, validating and writing each batch, ms):', '');
  out.push(markdownTable(
    ['Database', 'Run', 'Batches', 'First', 'Median', 'p95', 'Last'],
    setups.flatMap((b) => ([['first import', b.first], ['re-import', b.again]] as const).map(([label, run]) => {
      const s = batchSummary(run.batchMs);
      return [b.backend, label, run.batchMs.length, fmtMs(s.first), fmtMs(s.median), fmtMs(s.p95), fmtMs(s.last)];
    })),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
  ));
  out.push('');
  out.push('Time inside SQL statements during the first import (ms, all batches):', '');
  out.push(markdownTable(
    ['Database', 'Statement', 'Calls', 'Total ms'],
    setups.flatMap((b) => b.first.statements.slice(0, 6).map((s) => [b.backend, `\`${s.statement.replaceAll('|', '\\|')}…\``, s.calls, fmtInt(s.ms)])),
    ['l', 'l', 'r', 'r'],
  ));
  out.push('');

  if (r.api) {
    out.push('#### API', '');
    out.push(`Server: the Fastify app in its own process on the PGlite database just imported (${fmtInt(r.importBench.pglite.lieux)} places), ` +
      `${r.analyzeMs === undefined ? 'as the import left it (no VACUUM ANALYZE: PGlite has no autovacuum)' : `after VACUUM ANALYZE (${fmtSeconds(r.analyzeMs)})`}. ` +
      'Each connection requests the URLs below in turn; latencies are measured by autocannon from request to full response.', '');
    out.push(markdownTable(
      ['Concurrency', 'Requests', 'Requests/s', 'Server CPU ms/request', 'p50 ms', 'p95 ms', 'p99 ms', 'Errors (timeouts > 30 s)', `Target p95 < ${TARGET_P95_MS} ms at ${TARGET_CONCURRENCY}`],
      r.api.runs.map((run) => [
        run.concurrency, fmtInt(run.requests) + (run.stoppedByTime ? ' (time limit)' : ''), fmtInt(run.requestsPerSecond), fmtMs(run.serverCpuMsPerRequest),
        fmtMs(run.all.p50), fmtMs(run.all.p95), fmtMs(run.all.p99), `${run.errors + run.non2xx} (${run.timeouts})`,
        run.concurrency === TARGET_CONCURRENCY ? (run.all.p95 < TARGET_P95_MS ? '✅' : '❌') : '–',
      ]),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ));
    out.push('');
    out.push('p50 / p95 by URL and concurrency (ms):', '');
    const concurrencies = r.api.runs.map((run) => run.concurrency);
    out.push(markdownTable(
      ['URL', 'Places matched', ...concurrencies.map((c) => `c=${c} p50 / p95`)],
      r.api.cases.map((c) => [
        `${c.label} \`${c.key === 'page-5' ? '/api/v1/lieux?cursor=…' : c.key === 'by-id' ? '/api/v1/lieux/:id' : decodeURIComponent(c.path)}\``,
        c.total === undefined ? '1' : fmtInt(c.total),
        ...r.api!.runs.map((run) => {
          const s = run.perCase.find((p) => p.key === c.key)!;
          const flag = run.concurrency === TARGET_CONCURRENCY ? (s.p95 < TARGET_P95_MS ? ' ✅' : ' ❌') : '';
          return `${fmtMs(s.p50)} / ${fmtMs(s.p95)}${flag}`;
        }),
      ]),
      ['l', 'r', ...concurrencies.map(() => 'r' as const)],
    ));
    out.push('');
  }
  if (r.orientation) out.push(renderOrientation(r.orientation), '');
  return out.join('\n');
}

async function main(args: string[]): Promise<number> {
  const started = performance.now();
  const watchdog = setTimeout(() => {
    log(`Stopped: the benchmark ran for more than ${WATCHDOG_MINUTES} minutes.`);
    process.exit(1);
  }, WATCHDOG_MINUTES * 60_000);
  watchdog.unref();

  const rows = parseIntOption(args, 'rows', 30_000);
  const seed = parseIntOption(args, 'seed', 2026);
  const maxSeconds = parseIntOption(args, 'max-seconds', 40);
  const quick = args.includes('--quick');
  const machine = describeMachine();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = ['npm run bench', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');

  log(`Generating ${rows} places (seed ${seed})…`);
  const dataset = await generateDataset({ rows, seed });
  log(`${dataset.rows} places over ${dataset.communes} communes → ${dataset.path}`);

  const imported = await benchImport({ path: dataset.path, ...(process.env.BENCH_DATABASE_URL && { postgresUrl: process.env.BENCH_DATABASE_URL }) });
  let api: ApiBench | undefined;
  let orientation: OrientationBench | undefined;
  let analyzeMs: number | undefined;
  try {
    if (args.includes('--analyze')) {
      log('VACUUM ANALYZE of the PGlite database…');
      analyzeMs = await vacuumAnalyzePglite(imported.pgliteDataDir);
    }
    if (!args.includes('--skip-api')) {
      // Requests per run = rounds × connections × URLs: 200, 1,200 and 6,000 requests by default —
      // long enough that the first request of each connection (answered late while the server
      // is saturated, see docs/benchmarks.md) is not 4 % of the sample, as it was with 1,200.
      const rounds: Record<number, number> = quick ? { 1: 3, 10: 1, 50: 1 } : { 1: 25, 10: 15, 50: 15 };
      api = await benchApi({ dataDir: imported.pgliteDataDir, concurrencies: [1, 10, 50], rounds: (c) => rounds[c] ?? 1, maxSecondsPerRun: maxSeconds });
    }
    if (!args.includes('--skip-orientation')) {
      orientation = await benchOrientation({ dataDir: imported.pgliteDataDir, rounds: orientationRounds(quick), maxSecondsPerRun: maxSeconds, now: nowOption(args) });
    }
  } finally {
    rmSync(imported.pgliteDataDir, { recursive: true, force: true });
  }

  const { pgliteDataDir: _dir, ...importBench } = imported;
  const results: Results = {
    date, command, machine, loadAverageEnd: loadAverageNow(), totalMs: performance.now() - started, dataset, importBench,
    ...(analyzeMs !== undefined && { analyzeMs }), ...(api && { api }), ...(orientation && { orientation }),
  };
  const markdown = renderReport(results);
  mkdirSync(OUT_DIR, { recursive: true });
  const stamp = date.replace(/[-:]/g, '').replace('T', '-').replace('Z', '');
  writeFileSync(`${OUT_DIR}report-${stamp}.md`, `${markdown}\n`);
  writeFileSync(`${OUT_DIR}report-${stamp}.json`, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${markdown}\n`);
  log(`Written to ${OUT_DIR}report-${stamp}.md (and .json).`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchSetupError)) throw error;
  log(error.message);
  process.exitCode = 1;
}
