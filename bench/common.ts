// Owns what the benchmark scripts share: where inputs and outputs live (the shared open data
// beside the repository, bench/out/), a seeded random generator, percentiles, the description
// of the machine a run was taken on, and Markdown tables.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));
/** The shared open data: ../shared/data relative to the repository. Never copied into it. */
export const SHARED_DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
export const COMMUNES_CENTROIDS = `${SHARED_DATA}geo-france-cog2026/communes-centroides-cog2026.csv.gz`;

/** A problem with the benchmark's set-up (missing input, bad option): reported without a stack trace. */
export class BenchSetupError extends Error {}

export function requireSharedFile(path: string): string {
  if (!existsSync(path)) {
    throw new BenchSetupError(
      `Missing open data file ${path}.\nThe benchmark reads the shared open data from ${SHARED_DATA} (../shared/data beside the repository); ` +
        'mount or copy that directory there (never into the repository) and run again.',
    );
  }
  return path;
}

/** sfc32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next(); // mix the seed in
  return next;
}

/** Nearest-rank percentile of an ascending sorted list (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export type Machine = { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverage: string };

export function describeMachine(): Machine {
  let cpuModel = 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: keep "unknown"
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadAverageNow(),
  };
}

/** 1, 5 and 15-minute load averages: a busy machine makes every figure noisier. */
export const loadAverageNow = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = header.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtMs = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '–');
export const fmtSeconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
