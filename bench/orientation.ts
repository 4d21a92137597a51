// Owns the orientation speed benchmark (`npm run bench:orientation`, also the last step of
// `npm run bench`): GET /api/v1/orientation over the national-size dataset (30,000 generated places,
// the 34,969 communes with their reference points), measured server-side. The real Fastify app runs
// in its own process (bench/api-server.ts --timings): Fastify hooks time every request from
// onRequest to onResponse and the durations come back by URL over IPC, next to the server's CPU
// time; autocannon drives it from this process at concurrency 1, 10 and 50 over a mix of realistic
// searches (each connection goes through the URLs in turn), so client-side latencies come too.
// Target of issue 3: p95 < 10 ms server-side at 50 concurrent requests. Nothing is asserted.
//
// Usage: npm run bench:orientation [-- --rows 30000 --seed 2026 --max-seconds 40 --quick --now <iso>|real]
//   --quick       small rounds of requests, to check the tooling (combine with --rows 2000)
//   --now         the instant opening hours are evaluated at (default 2026-11-24T09:30:00Z, a Tuesday
//                 10:30 in Paris, so that "open now" gives the same answers on every run); "real": the clock
//   BENCH_SERVER_PROFILE=1   write a CPU profile of the server into bench/out/profiles/
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { openDb, type Db } from '../src/platform/db.ts';
import { communePositionsLoaded, loadCommunePositions } from '../src/territoires/commune-positions.ts';
import { generateDataset, parseIntOption } from './generate.ts';
import { pgliteTemplate, prepared, timedImport } from './import.ts';
import { runLoad, startServer, stopServer, type ApiCase, type ApiRun } from './api.ts';
import {
  BenchSetupError, COMMUNES_CENTROIDS, OUT_DIR, describeMachine, fmtInt, fmtMs, fmtSeconds, loadAverageNow, log, markdownTable,
  percentile, requireSharedFile, type Machine,
} from './common.ts';

export const ORIENTATION_TARGET_P95_MS = 10;
export const ORIENTATION_TARGET_CONCURRENCY = 50;
/** Tuesday 24 November 2026, 10:30 in Paris. */
export const DEFAULT_NOW = '2026-11-24T09:30:00Z';
const WATCHDOG_MINUTES = 15;
const GRENOBLE = { lat: '45.1885', lon: '5.7245' };

type Stats = { count: number; p50: number; p95: number; p99: number; max: number };
export type OrientationCase = ApiCase & { fallback: boolean; from: string };
export type OrientationRun = {
  concurrency: number;
  client: ApiRun;
  /** Server-side durations (onRequest → onResponse), all URLs and by case key. */
  server: Stats;
  /** The same without the searches that find nothing (the fallback), to show what it weighs. */
  serverWithResults: Stats;
  serverByCase: Record<string, Stats>;
};
export type OrientationBench = {
  now: string;
  places: number;
  communes: number;
  communesWithPosition: number;
  cases: OrientationCase[];
  runs: OrientationRun[];
};

const stats = (values: number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
};

const orientationPath = (params: Record<string, string>) => `/api/v1/orientation?${new URLSearchParams(params).toString()}`;

type Commune = { code: string; nom: string; population: number | null; places: number };

/**
 * Communes for two cases, read from the database: small rural communes with a single place (and a
 * name no other commune has), and remote ones without any place (Lozère, Alpes-de-Haute-Provence,
 * Hautes-Alpes, Cantal), least populated first. The first that behaves as expected is used.
 */
async function candidateCommunes(db: Db): Promise<{ rural: Commune[]; remote: Commune[] }> {
  // Two plain reads, the rest here: correlated sub-queries over 35,000 communes take seconds in
  // PGlite without statistics.
  const all = await db.query<{ code: string; nom: string; nom_normalise: string; departement_code: string; population: number | null; located: boolean }>(
    'SELECT code, nom, nom_normalise, departement_code, population, latitude IS NOT NULL AS located FROM communes',
  );
  const placesBy = new Map((await db.query<{ code: string; n: number }>(
    'SELECT commune_code AS code, count(*)::int AS n FROM lieux WHERE merged_into IS NULL AND commune_code IS NOT NULL GROUP BY commune_code',
  )).map((r) => [r.code, r.n]));
  const sameName = new Map<string, number>();
  for (const c of all) sameName.set(c.nom_normalise, (sameName.get(c.nom_normalise) ?? 0) + 1);
  const usable = all.filter((c) => c.located && sameName.get(c.nom_normalise) === 1)
    .map((c) => ({ code: c.code, nom: c.nom, population: c.population, places: placesBy.get(c.code) ?? 0, departement: c.departement_code }));
  const rural = usable.filter((c) => c.places === 1 && c.population !== null && c.population >= 200 && c.population <= 1000)
    .sort((a, b) => a.code.localeCompare(b.code)).slice(0, 20);
  const remote = usable.filter((c) => c.places === 0 && ['48', '04', '05', '15'].includes(c.departement))
    .sort((a, b) => (a.population ?? -1) - (b.population ?? -1) || a.code.localeCompare(b.code)).slice(0, 40);
  return { rural, remote };
}

type Answer = { total: number; data: unknown[]; ou: { from: string; label: string }; propositions?: { proches: unknown[]; itinerants: unknown[] } };

async function get(base: string, path: string): Promise<{ status: number; body: Answer | { detail?: string } }> {
  const response = await fetch(base + path);
  return { status: response.status, body: (await response.json()) as Answer };
}

/** The URL mix, each checked once (200) before measuring; stops on the first that fails. */
async function prepareCases(base: string, communes: { rural: Commune[]; remote: Commune[] }): Promise<OrientationCase[]> {
  const fixed: { key: string; label: string; params: Record<string, string> }[] = [
    { key: 'city', label: 'Big city by name', params: { ou: 'Lyon' } },
    { key: 'accent', label: 'Accent typed without it + service + free', params: { ou: 'echirolles', services: 'Aide aux démarches administratives', gratuit: 'oui' } },
    { key: 'postcode', label: 'Postcode', params: { ou: '38130' } },
    { key: 'near-me', label: 'Near me (position, Grenoble)', params: GRENOBLE },
    { key: 'free-text', label: 'Free text', params: { besoin: 'faire ma déclaration d\'impôts', ou: 'Grenoble' } },
    { key: 'open-now', label: 'Open now', params: { ou: 'Toulouse', ouvert: 'maintenant' } },
    { key: 'day-part', label: 'Tuesday afternoon', params: { ou: 'Nantes', jour: 'Tu', moment: 'apres_midi' } },
    { key: 'deafness', label: 'Prise en charge Surdité', params: { ou: 'Bordeaux', prise_en_charge: 'Surdité' } },
    { key: 'radius-50', label: 'Radius 50 km', params: { ou: 'Grenoble', rayon: '50' } },
  ];
  const cases: OrientationCase[] = [];
  const add = async (key: string, label: string, params: Record<string, string>, expect?: (a: Answer) => boolean): Promise<boolean> => {
    const path = orientationPath(params);
    const { status, body } = await get(base, path);
    if (status !== 200) {
      if (expect) return false;
      throw new BenchSetupError(`GET ${decodeURIComponent(path)} answered ${status}: ${JSON.stringify(body).slice(0, 300)}\nThe URL mix must answer 200 before it is measured.`);
    }
    const answer = body as Answer;
    if (expect && !expect(answer)) return false;
    cases.push({ key, label, path, total: answer.total, returned: answer.data.length, fallback: !!answer.propositions, from: answer.ou.from });
    return true;
  };
  for (const c of fixed) await add(c.key, c.label, c.params);
  let found = false;
  for (const c of communes.rural) {
    if ((found = await add('rural', `Small rural commune (${c.nom}, ${fmtInt(c.population ?? 0)} inhabitants, ${c.places} place)`, { ou: c.nom }, (a) => a.total > 0))) break;
  }
  if (!found) throw new BenchSetupError('No small rural commune with a place answered with results: is the dataset loaded?');
  found = false;
  for (const c of communes.remote) {
    const params = { ou: c.nom, prise_en_charge: 'Surdité', publics: 'Seniors', ouvert: 'maintenant', rayon: '2' };
    if ((found = await add('no-result', `No result → fallback (${c.nom})`, params, (a) => a.total === 0 && !!a.propositions))) break;
  }
  if (!found) throw new BenchSetupError('No remote commune gave an empty answer with propositions.');
  // Same order as the issue's list: the rural commune after the postcode.
  const order = ['city', 'accent', 'postcode', 'rural', 'near-me', 'free-text', 'open-now', 'day-part', 'deafness', 'radius-50', 'no-result'];
  return order.map((k) => cases.find((c) => c.key === k)!);
}

function serverTimings(child: ChildProcess): Promise<Record<string, number[]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The server did not report its timings.')), 10_000);
    const onMessage = (message: { type?: string; byUrl?: Record<string, number[]> }) => {
      if (message?.type !== 'timings') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.byUrl ?? {});
    };
    child.on('message', onMessage);
    child.send({ type: 'timings' });
  });
}

export type OrientationOptions = {
  /** A closed PGlite data directory with the territories and the places (commune positions are loaded when missing). */
  dataDir: string;
  concurrencies?: readonly number[];
  /** Rounds through the URL list per connection, by concurrency (requests = rounds × connections × URLs). */
  rounds: (concurrency: number) => number;
  maxSecondsPerRun: number;
  now?: string;
};

export async function benchOrientation(options: OrientationOptions): Promise<OrientationBench> {
  const now = options.now ?? DEFAULT_NOW;
  const db = await openDb({ backend: 'pglite', dataDir: options.dataDir });
  let candidates: Awaited<ReturnType<typeof candidateCommunes>>;
  let counts: { places: number; communes: number; located: number };
  try {
    if (!(await communePositionsLoaded(db))) {
      log('Orientation: loading the commune positions…');
      const started = performance.now();
      const n = await loadCommunePositions(db, requireSharedFile(COMMUNES_CENTROIDS));
      log(`Orientation: ${fmtInt(n)} commune positions in ${fmtSeconds(performance.now() - started)}`);
    }
    const [row] = await db.query<{ places: number; communes: number; located: number }>(
      `SELECT (SELECT count(*)::int FROM lieux WHERE merged_into IS NULL) AS places, count(*)::int AS communes,
              count(latitude)::int AS located FROM communes`,
    );
    counts = row!;
    candidates = await candidateCommunes(db);
  } finally {
    await db.close();
  }

  log(`Orientation: starting the server (clock ${now === 'real' ? 'real' : `pinned to ${now}`})…`);
  const { child, port } = await startServer(options.dataDir, ['--timings', ...(now === 'real' ? [] : ['--now', now])]);
  const base = `http://127.0.0.1:${port}`;
  try {
    const cases = await prepareCases(base, candidates);
    log(`Orientation: ${cases.length} URLs answer 200; warming up…`);
    await runLoad(base, cases, 2, cases.length * 2 * 5, 30);
    await serverTimings(child); // forget the warm-up
    const runs: OrientationRun[] = [];
    for (const concurrency of options.concurrencies ?? [1, 10, 50]) {
      const amount = options.rounds(concurrency) * concurrency * cases.length;
      log(`Orientation: ${amount} requests at concurrency ${concurrency} (at most ${options.maxSecondsPerRun} s)…`);
      const client = await runLoad(base, cases, concurrency, amount, options.maxSecondsPerRun, child);
      const byUrl = await serverTimings(child);
      const serverByCase = Object.fromEntries(cases.map((c) => [c.key, stats(byUrl[c.path] ?? [])]));
      const server = stats(cases.flatMap((c) => byUrl[c.path] ?? []));
      const serverWithResults = stats(cases.filter((c) => !c.fallback).flatMap((c) => byUrl[c.path] ?? []));
      const unknown = Object.keys(byUrl).filter((u) => !cases.some((c) => c.path === u));
      if (unknown.length > 0) log(`Orientation: server timings for URLs outside the mix: ${unknown.join(', ')}`);
      if (server.count === 0) throw new Error('The server reported no timing: are the Fastify hooks called?');
      log(`Orientation: c=${concurrency}: ${Math.round(client.requestsPerSecond)} req/s, server p50 ${server.p50.toFixed(2)} ms, p95 ${server.p95.toFixed(2)} ms; ` +
        `client p95 ${client.all.p95.toFixed(1)} ms${client.stoppedByTime ? ' (stopped by the time limit)' : ''}`);
      runs.push({ concurrency, client, server, serverWithResults, serverByCase });
    }
    return { now, places: counts.places, communes: counts.communes, communesWithPosition: counts.located, cases, runs };
  } finally {
    await stopServer(child);
  }
}

export function renderOrientation(r: OrientationBench, heading = '####'): string {
  const out: string[] = [];
  const target = (p95: number) => (p95 < ORIENTATION_TARGET_P95_MS ? '✅' : '❌');
  out.push(`${heading} Orientation search`, '');
  out.push(`Server: the Fastify app in its own process on ${fmtInt(r.places)} places and ${fmtInt(r.communes)} communes ` +
    `(${fmtInt(r.communesWithPosition)} with a reference point), catalog loaded before listening, no geocoder; ` +
    `opening hours evaluated at ${r.now === 'real' ? 'the real time' : `${r.now} (pinned)`}. ` +
    'Server-side = Fastify onRequest → onResponse in the server process; client-side = autocannon, request to full response.', '');
  out.push(markdownTable(
    ['Concurrency', 'Requests', 'Requests/s', 'Server CPU ms/request', 'Server p50 ms', 'Server p95 ms', 'Server p99 ms', 'Server p95 ms, searches with results', 'Client p50 ms', 'Client p95 ms', 'Client p99 ms', 'Errors',
      `Target server p95 < ${ORIENTATION_TARGET_P95_MS} ms at ${ORIENTATION_TARGET_CONCURRENCY}`],
    r.runs.map((run) => [
      run.concurrency, fmtInt(run.client.requests) + (run.client.stoppedByTime ? ' (time limit)' : ''), fmtInt(run.client.requestsPerSecond),
      fmtMs(run.client.serverCpuMsPerRequest), fmtMs(run.server.p50), fmtMs(run.server.p95), fmtMs(run.server.p99), fmtMs(run.serverWithResults.p95),
      fmtMs(run.client.all.p50), fmtMs(run.client.all.p95), fmtMs(run.client.all.p99), run.client.errors + run.client.non2xx,
      run.concurrency === ORIENTATION_TARGET_CONCURRENCY ? target(run.server.p95) : '–',
    ]),
    ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  ));
  out.push('');
  out.push('Server-side p50 / p95 (p99) by URL and concurrency, ms; client-side p95 in the last column:', '');
  const last = r.runs[r.runs.length - 1];
  out.push(markdownTable(
    ['Search', 'URL', 'Found', ...r.runs.map((run) => `c=${run.concurrency} server p50 / p95 (p99)`), ...(last ? [`c=${last.concurrency} client p95`] : [])],
    r.cases.map((c) => [
      c.label,
      `\`${decodeURIComponent(c.path.replace('/api/v1/orientation', '')).replaceAll('|', '\\|')}\``,
      c.fallback ? `0 (+ propositions)` : fmtInt(c.total ?? 0),
      ...r.runs.map((run) => {
        const s = run.serverByCase[c.key]!;
        const flag = run.concurrency === ORIENTATION_TARGET_CONCURRENCY ? ` ${target(s.p95)}` : '';
        return `${fmtMs(s.p50)} / ${fmtMs(s.p95)} (${fmtMs(s.p99)})${flag}`;
      }),
      ...(last ? [fmtMs(last.client.perCase.find((p) => p.key === c.key)!.p95)] : []),
    ]),
    ['l', 'l', 'r', ...r.runs.map(() => 'r' as const), ...(last ? ['r' as const] : [])],
  ));
  const atTarget = r.runs.find((run) => run.concurrency === ORIENTATION_TARGET_CONCURRENCY);
  if (atTarget) {
    out.push('', `**Target (issue 3): orientation query p95 < ${ORIENTATION_TARGET_P95_MS} ms server-side at ${ORIENTATION_TARGET_CONCURRENCY} concurrent requests: ` +
      `${target(atTarget.server.p95)} p95 ${fmtMs(atTarget.server.p95)} ms at c=${atTarget.concurrency}, server-side, over the whole mix ` +
      `(${fmtMs(atTarget.serverWithResults.p95)} ms without the searches that find nothing).**`);
  }
  return out.join('\n');
}

/** Rounds per connection: 330, 1,100 and 2,200 requests by default with the 11 URLs. */
export const orientationRounds = (quick: boolean) => (c: number) => (quick ? { 1: 3, 10: 1, 50: 1 } : { 1: 30, 10: 10, 50: 4 } as Record<number, number>)[c] ?? 1;

export function nowOption(args: readonly string[]): string {
  const i = args.indexOf('--now');
  if (i < 0) return DEFAULT_NOW;
  const value = args[i + 1] ?? '';
  if (value !== 'real' && Number.isNaN(new Date(value).getTime())) throw new BenchSetupError('--now needs an ISO instant or "real".');
  return value;
}

async function main(args: string[]): Promise<void> {
  const watchdog = setTimeout(() => {
    log(`Stopped: the benchmark ran for more than ${WATCHDOG_MINUTES} minutes.`);
    process.exit(1);
  }, WATCHDOG_MINUTES * 60_000);
  watchdog.unref();
  const started = performance.now();
  const rows = parseIntOption(args, 'rows', 30_000);
  const seed = parseIntOption(args, 'seed', 2026);
  const maxSeconds = parseIntOption(args, 'max-seconds', 40);
  const now = nowOption(args);
  const machine: Machine = describeMachine();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = ['npm run bench:orientation', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');

  log(`Generating ${rows} places (seed ${seed})…`);
  const dataset = await generateDataset({ rows, seed });
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-orientation-'));
  let result: OrientationBench;
  try {
    log(`PGlite: restoring the migrated database with territories into ${dataDir}, importing ${dataset.path}…`);
    const template = await pgliteTemplate();
    const { db } = await prepared(() => openDb({ backend: 'pglite', dataDir, loadDataDir: template }));
    try {
      const imported = await timedImport(db, dataset.path);
      log(`PGlite: ${fmtInt(imported.created)} places imported in ${fmtSeconds(imported.ms)}`);
    } finally {
      await db.close();
    }
    result = await benchOrientation({ dataDir, rounds: orientationRounds(args.includes('--quick')), maxSecondsPerRun: maxSeconds, now });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const lines = [
    `### Run of ${date}`, '',
    `- Command: \`${command}\``,
    `- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.platform}`,
    `- Load average (1/5/15 min) at start: ${machine.loadAverage}; at end: ${loadAverageNow()}`,
    `- Total time: ${fmtSeconds(performance.now() - started)}; dataset: ${fmtInt(dataset.rows)} places, seed ${seed}, over ${fmtInt(dataset.communes)} communes`,
    '', renderOrientation(result),
  ];
  const markdown = lines.join('\n');
  mkdirSync(OUT_DIR, { recursive: true });
  const stamp = date.replace(/[-:]/g, '').replace('T', '-').replace('Z', '');
  writeFileSync(`${OUT_DIR}orientation-${stamp}.md`, `${markdown}\n`);
  writeFileSync(`${OUT_DIR}orientation-${stamp}.json`, `${JSON.stringify({ date, command, machine, loadAverageEnd: loadAverageNow(), dataset, ...result }, null, 2)}\n`);
  process.stdout.write(`${markdown}\n`);
  log(`Written to ${OUT_DIR}orientation-${stamp}.md (and .json).`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchSetupError)) throw error;
    log(error.message);
    process.exitCode = 1;
  }
}
