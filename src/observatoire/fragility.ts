// Owns the fragility index "inspiré de l'IFN" (issue 5, point 2): every indicator of the
// catalogue at every level (communes' own values, population-weighted means above, see
// aggregate.ts), scored by its decile among the territories of the same level, and the score of
// each variant = weighted mean of the deciles available.
//
// Deciles: 1 = the least fragile tenth … 10 = the most fragile, the indicator's direction decides
// which end is fragile. A territory's position is its mid-rank: p = (number with a less fragile
// value + half the number with the same value) / number with a value, decile = ⌊10 p⌋ + 1 (at most
// 10). Equal values always get the same decile, whatever the order of the input, and the scale is
// symmetric (reversing the direction maps decile d to 11 − d when no boundary is hit); a lone
// territory, or one where every value is equal, is in decile 6.
// Score: Σ weight × decile / Σ weight over the indicators the territory has; none when those
// carry less than `min_weight_share` of the variant's weight (the score would rest on too few
// indicators to compare with the others). Pure, no I/O.
import { INDICATORS, type Direction, type IndicatorKey } from './indicators/catalogue.ts';
import type { ObservatoireConfig, VariantConfig } from './indicators/config.ts';
import { LEVELS, type Level } from './model.ts';
import { communeColumns, weightedMeans, type AggregatedValues, type Levels } from './aggregate.ts';

export type IndicatorColumn = AggregatedValues & {
  /** 1–10, 0 where the value is missing. */
  deciles: Uint8Array;
};

export type VariantColumn = {
  /** 1–10, NaN where there is no score. */
  scores: Float64Array;
  /** Share of the variant's weight the territory has values for (0–1). */
  weightShares: Float64Array;
};

export type LevelFragility = {
  indicators: ReadonlyMap<IndicatorKey, IndicatorColumn>;
  variants: ReadonlyMap<string, VariantColumn>;
};

/** Deciles of `values` (NaN = missing → 0), 10 = most fragile according to `direction`. */
export function decilesOf(values: Float64Array, direction: Direction): Uint8Array {
  const sign = direction === 'higher' ? 1 : -1;
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) n++;
  const sorted = new Float64Array(n);
  let k = 0;
  for (const v of values) if (!Number.isNaN(v)) sorted[k++] = sign * v + 0; // + 0: -0 and 0 are one value
  sorted.sort();
  // One decile per distinct value, from its run in the sorted values: less = where the run starts.
  const decileOf = new Map<number, number>();
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    // p = (less + equal / 2) / n, in integers: exact whatever n.
    decileOf.set(sorted[start]!, Math.min(10, Math.floor((10 * start + 5 * (end - start)) / n) + 1));
    start = end;
  }
  const deciles = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) deciles[i] = decileOf.get(sign * v + 0)!;
  }
  return deciles;
}

/** Scores of one variant from the deciles of its indicators. */
export function scoresOf(variant: VariantConfig, deciles: ReadonlyMap<string, Uint8Array>, count: number, minWeightShare: number): VariantColumn {
  const scores = new Float64Array(count).fill(Number.NaN);
  const weightShares = new Float64Array(count);
  const total = variant.indicators.reduce((s, i) => s + i.weight, 0);
  const columns = variant.indicators.map((i) => [deciles.get(i.key)!, i.weight] as const);
  for (let t = 0; t < count; t++) {
    let sum = 0;
    let weight = 0;
    for (const [column, w] of columns) {
      const d = column[t]!;
      if (d === 0) continue;
      sum += w * d;
      weight += w;
    }
    const share = weight / total;
    weightShares[t] = share;
    // A tiny tolerance so that 3 of 6 equal weights (0.5 by sums of floats) counts as half.
    if (weight > 0 && share >= minWeightShare - 1e-12) scores[t] = sum / weight;
  }
  return { scores, weightShares };
}

export function computeFragility(levels: Levels, config: ObservatoireConfig): Record<Level, LevelFragility> {
  const { communes } = levels;
  const population = Float64Array.from(communes, (c) => c.population);
  const columns = communeColumns(levels, INDICATORS.map((i) => i.key));
  const out = {} as Record<Level, LevelFragility>;
  for (const level of LEVELS) {
    const table = levels.tables[level];
    const indicators = new Map<IndicatorKey, IndicatorColumn>();
    for (const indicator of INDICATORS) {
      const { values, reasons } = columns.get(indicator.key)!;
      const aggregated = weightedMeans(table, values, reasons, population, config.aggregate_min_population_share);
      indicators.set(indicator.key, { ...aggregated, deciles: decilesOf(aggregated.values, indicator.direction) });
    }
    const deciles = new Map([...indicators].map(([k, c]) => [k as string, c.deciles]));
    const variants = new Map<string, VariantColumn>();
    for (const [key, variant] of Object.entries(config.variants)) {
      variants.set(key, scoresOf(variant, deciles, table.codes.length, config.min_weight_share));
    }
    out[level] = { indicators, variants };
  }
  return out;
}
