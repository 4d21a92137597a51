// Owns commune code changes: which COG 2026 commune an older code (a commune merged since, a
// commune déléguée, a municipal arrondissement) is now part of, and how the figures of several
// old communes become the figures of the one they merged into (decision 023).
//
// A code is resolved, in this order: a current commune (table communes) is itself; else the
// passage table (observatoire_passage: passage-communes 2018 → 2026 first, then the INSEE
// comparateur's 2024 → 2026); else a commune déléguée, associée or arrondissement
// (communes_historiques) is its commune. A four-digit code gets its leading zero back (a
// spreadsheet drops it: 1001 → 01001).
//
// Merging rows into one commune: a count (any other column) is the sum of the parts; a rate or a
// share — a column whose name starts with pct_, tx_, part_, taux_, ratio_, moy_ or med_, or holds
// « median » or « moyen » — is the mean of the parts weighted by the weight column (the dataset's
// population or premises column), a simple mean when there is none. A part with an empty value
// (or an empty weight, for a rate) makes the merged value empty: it is not published for the
// whole commune either. Medians merged this way are an approximation.
import type { Queryable } from '../../platform/db.ts';

export type CellValue = number | null;
/** A row's values, aligned with its dataset's columns. */
export type Values = CellValue[];

export type CodeMapper = {
  resolve(code: string): string | undefined;
  /** Whether a passage table was loaded (else only current codes and communes_historiques resolve). */
  passageLoaded: boolean;
};

const CODE = /^(?:[0-9]{2}|2A|2B)[0-9]{3}$/;

/** The code as INSEE writes it, or undefined when it cannot be a commune code. */
export function normalizeCode(raw: string): string | undefined {
  let code = raw.trim().replace(/^"|"$/g, '').toUpperCase();
  if (/^[0-9]{4}$/.test(code)) code = `0${code}`;
  return CODE.test(code) ? code : undefined;
}

/** Reads the current communes, the passage table and the historical codes once. */
export async function communeCodeMapper(db: Queryable): Promise<CodeMapper> {
  const current = new Set((await db.query<{ code: string }>('SELECT code FROM communes')).map((r) => r.code));
  const passage = new Map<string, string>();
  const rows = await db.query<{ old_code: string; new_code: string }>(
    `SELECT old_code, new_code FROM observatoire_passage ORDER BY (dataset = 'passage-communes') DESC, dataset`,
  );
  for (const r of rows) if (!passage.has(r.old_code)) passage.set(r.old_code, r.new_code);
  const historic = new Map<string, string>();
  for (const r of await db.query<{ code: string; commune_code: string }>('SELECT code, commune_code FROM communes_historiques')) {
    if (!historic.has(r.code)) historic.set(r.code, r.commune_code);
  }
  const resolve = (raw: string): string | undefined => {
    let code = normalizeCode(raw);
    // A passage may lead to a code that changed again since: follow a few steps.
    for (let step = 0; code !== undefined && step < 4; step++) {
      if (current.has(code)) return code;
      code = passage.get(code) ?? historic.get(code);
    }
    return undefined;
  };
  return { resolve, passageLoaded: rows.length > 0 };
}

const RATE_PREFIX = /^(pct|tx|part|taux|ratio|moy|med)_/;

/** A rate or a share (averaged when communes merge) rather than a count (summed). */
export function isRate(column: string): boolean {
  return RATE_PREFIX.test(column) || /median|moyen/.test(column);
}

/**
 * The figures of several old communes (each aligned with `columns`) as those of the commune they
 * merged into; `weightIndex` is the position of the weight column.
 */
export function mergeValues(parts: readonly (readonly CellValue[])[], columns: readonly string[], weightIndex: number | undefined): CellValue[] {
  return columns.map((column, c) => {
    const values = parts.map((p) => p[c] ?? null);
    if (values.some((v) => v === null)) return null;
    const numbers = values as number[];
    if (!isRate(column)) return round(numbers.reduce((a, b) => a + b, 0));
    const weights = weightIndex !== undefined ? parts.map((p) => p[weightIndex] ?? null) : numbers.map(() => 1);
    if (weights.some((w) => w === null)) return null;
    const total = (weights as number[]).reduce((a, b) => a + b, 0);
    return total > 0
      ? round(numbers.reduce((sum, v, i) => sum + v * (weights[i] as number), 0) / total)
      : round(numbers.reduce((a, b) => a + b, 0) / numbers.length);
  });
}

/** Six decimals: what float arithmetic adds beyond is noise. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
