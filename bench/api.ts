// Owns the API latency benchmark: starts bench/api-server.ts (the real Fastify app on the
// imported database) on 127.0.0.1, then drives it with autocannon at several concurrencies on a
// mix of realistic URLs. Each connection goes through the URLs in turn; every response time is
// kept and attributed to its URL, so p50/p95 come out per URL and per concurrency, next to the
// requests/s and the server's CPU time per request. Every run is bounded in requests and seconds.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request, type Result } from 'autocannon';
import { log, OUT_DIR, percentile } from './common.ts';

export type ApiCase = { key: string; label: string; path: string; rotate?: string[]; total?: number; returned?: number };
export type ApiCaseStats = { key: string; count: number; non2xx: number; p50: number; p95: number; p99: number; max: number };
export type ApiRun = {
  concurrency: number;
  requests: number;
  ms: number;
  requestsPerSecond: number;
  /** Connection errors and timeouts (no answer within 30 s), which have no latency. */
  errors: number;
  timeouts: number;
  non2xx: number;
  stoppedByTime: boolean;
  /** Server CPU time (user + system) per request, in ms: less sensitive to a busy machine than latency. */
  serverCpuMsPerRequest: number;
  all: { p50: number; p95: number; p99: number; max: number };
  perCase: ApiCaseStats[];
};
export type ApiBench = { cases: ApiCase[]; runs: ApiRun[] };

export type ApiOptions = {
  dataDir: string;
  concurrencies: readonly number[];
  /** Rounds through the URL list per connection, by concurrency (requests = rounds × connections × URLs). */
  rounds: (concurrency: number) => number;
  maxSecondsPerRun: number;
};

const SERVER_SCRIPT = fileURLToPath(new URL('./api-server.ts', import.meta.url));
const GRENOBLE_BBOX = '5.68,45.15,5.77,45.21';

/** Starts bench/api-server.ts on the data directory; `extraArgs` are its options (--timings, --now). */
export function startServer(dataDir: string, extraArgs: readonly string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${OUT_DIR}profiles`] : [];
  // Opening hours are computed in Europe/Paris and the app checks the process runs there, as
  // bin/passerelle.js sets it.
  const child = fork(SERVER_SCRIPT, [dataDir, ...extraArgs], {
    execArgv: ['--import', 'tsx', ...profile], env: { ...process.env, TZ: 'Europe/Paris' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('The API server did not start within 60 s.'));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The API server stopped before listening (exit code ${code}).`));
    });
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type !== 'ready' || !message.port) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, port: message.port });
    });
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' });
  });
}

export function serverCpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The API server did not report its CPU time.')), 10_000);
    const onMessage = (message: { type?: string; ms?: number }) => {
      if (message?.type !== 'cpu') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.ms ?? Number.NaN);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}

type Page = { data: { id: string }[]; meta: { total: number }; links: { next?: string } };

async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await fetch(base + path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

/** 20,000 boxes of 0.2° × 0.15° over metropolitan France, each URL distinct. */
function movingBoxes(): string[] {
  const boxes: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const lon = -4.5 + ((i * 7919) % 1250) / 100;
    const lat = 42.5 + ((i * 104729) % 850) / 100 + (i % 7) / 1000;
    boxes.push(query({ bbox: [lon, lat, lon + 0.2, lat + 0.15].map((v) => v.toFixed(3)).join(',') }));
  }
  return boxes;
}

const query = (params: Record<string, string>) => `/api/v1/lieux?${new URLSearchParams(params).toString()}`;

/** The URL mix, checked once against the server: each must answer 200 with places. */
async function prepareCases(base: string): Promise<ApiCase[]> {
  // Page 5 of the default list, reached the way a client does, through links.next; the places
  // seen on the way give the ids of the single-place requests.
  let page = await getJson<Page>(base, '/api/v1/lieux');
  const ids = page.data.map((l) => l.id);
  for (let i = 2; i <= 4; i++) {
    if (!page.links.next) throw new Error('The first pages of /api/v1/lieux have no links.next: is the database empty?');
    page = await getJson<Page>(base, page.links.next);
    ids.push(...page.data.map((l) => l.id));
  }
  if (!page.links.next) throw new Error('There is no page 5 of /api/v1/lieux.');
  const cases: ApiCase[] = [
    { key: 'first-page', label: 'First page (no filter)', path: '/api/v1/lieux' },
    { key: 'dep-service', label: 'Département 59 + service', path: query({ departement: '59', services: 'Aide aux démarches administratives' }) },
    { key: 'commune', label: 'Commune (Lyon 69123)', path: query({ commune: '69123' }) },
    { key: 'bbox', label: 'Bbox around Grenoble', path: query({ bbox: GRENOBLE_BBOX }) },
    { key: 'q', label: 'Text search q=mediatheque', path: query({ q: 'mediatheque' }) },
    { key: 'frais-service', label: 'frais=Gratuit + service', path: query({ frais: 'Gratuit', services: 'Accès internet et matériel informatique' }) },
    { key: 'by-id', label: 'One place by id', path: `/api/v1/lieux/${ids[0]}`, rotate: ids.map((id) => `/api/v1/lieux/${id}`) },
    { key: 'page-5', label: 'Page 5 via cursor', path: page.links.next },
    // A map panning over the country: a new URL each time, so the bodies kept per catalog version
    // (decision 026) never serve it: what a request costs when it is built.
    { key: 'bbox-moving', label: 'Moving bbox (never the same URL)', path: query({ bbox: '4.800,45.700,5.000,45.850' }), rotate: movingBoxes() },
  ];
  for (const c of cases) {
    const body = await getJson<Page | { id: string }>(base, c.path);
    if ('data' in body) {
      c.total = body.meta.total;
      c.returned = body.data.length;
      if (body.data.length === 0) throw new Error(`${c.path} returned no place: the URL mix would not measure anything.`);
    } else c.returned = 1;
  }
  return cases;
}

export async function runLoad(base: string, cases: ApiCase[], connections: number, amount: number, maxSeconds: number, child?: ChildProcess): Promise<ApiRun> {
  const latencies = cases.map(() => [] as number[]);
  const non2xx = cases.map(() => 0);
  let answered = -1; // index of the case whose response autocannon is about to report
  const requests: Request[] = cases.map((c, index) => {
    // Each run starts elsewhere in the rotation, so one run does not find the previous run's URLs.
    let turn = connections * 1000;
    return {
      method: 'GET',
      path: c.path,
      ...(c.rotate && { setupRequest: (request: Request) => ({ ...request, path: c.rotate![turn++ % c.rotate!.length] }) }),
      // Called synchronously just before the 'response' event of the same response.
      onResponse: (status: number) => {
        answered = index;
        if (status < 200 || status > 299) non2xx[index]!++;
      },
    };
  });
  const cpuBefore = child ? await serverCpuMs(child) : Number.NaN;
  const started = performance.now();
  let stoppedByTime = false;
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon({ url: base, connections, amount, timeout: 30, requests }, (error, res) => (error ? reject(error) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (answered >= 0) latencies[answered]!.push(responseTime);
      answered = -1;
    });
    const timer = setTimeout(() => {
      stoppedByTime = true;
      instance.stop();
    }, maxSeconds * 1000);
    instance.once('done', () => clearTimeout(timer));
  });
  const ms = performance.now() - started;
  const cpuAfter = child ? await serverCpuMs(child) : Number.NaN;
  const all = latencies.flat().sort((a, b) => a - b);
  const count = all.length;
  const stats = (sorted: number[]) => ({ p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN });
  return {
    concurrency: connections,
    requests: count,
    ms,
    requestsPerSecond: count / (ms / 1000),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    stoppedByTime,
    serverCpuMsPerRequest: (cpuAfter - cpuBefore) / Math.max(1, count),
    all: stats(all),
    perCase: cases.map((c, i) => {
      const sorted = latencies[i]!.sort((a, b) => a - b);
      return { key: c.key, count: sorted.length, non2xx: non2xx[i]!, ...stats(sorted) };
    }),
  };
}

export async function benchApi(options: ApiOptions): Promise<ApiBench> {
  log('API: starting the server on the imported database…');
  const { child, port } = await startServer(options.dataDir);
  const base = `http://127.0.0.1:${port}`;
  try {
    const cases = await prepareCases(base);
    log(`API: listening on ${base}; warming up…`);
    await runLoad(base, cases, 2, cases.length * 2 * 5, 30);
    const runs: ApiRun[] = [];
    for (const concurrency of options.concurrencies) {
      const amount = options.rounds(concurrency) * concurrency * cases.length;
      log(`API: ${amount} requests at concurrency ${concurrency} (at most ${options.maxSecondsPerRun} s)…`);
      const run = await runLoad(base, cases, concurrency, amount, options.maxSecondsPerRun, child);
      log(`API: c=${concurrency}: ${Math.round(run.requestsPerSecond)} req/s, p50 ${run.all.p50.toFixed(1)} ms, p95 ${run.all.p95.toFixed(1)} ms${run.stoppedByTime ? ' (stopped by the time limit)' : ''}`);
      runs.push(run);
    }
    return { cases, runs };
  } finally {
    await stopServer(child);
  }
}
