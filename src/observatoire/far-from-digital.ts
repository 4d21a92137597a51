// Owns the estimate of people far from digital life (issue 5, point 3): the national
// illectronism rates by age band (indicators/illectronism.ts: which are published by INSEE, which
// are derived and how) applied to each commune's population by age:
//   people in band b = population légale × share of b (RP 2022, %) / 100 × rate of b / 100,
// summed over the bands from 15 years on (the survey's field; under-15s are not counted).
// A band's share is read from the commune columns (e.g. 65–74 = pct_65plus − pct_75plus); a
// difference made negative by the rounding of tiny communes' shares counts as 0. A commune
// lacking one of these columns has no estimate (its reason is kept); a commune with no
// inhabitants has 0 people whatever its columns.
// Above the commune: sums over the communes that have an estimate, extrapolated to the whole
// population (× population / population covered) when they hold at least
// `aggregate_min_population_share` of it, otherwise no estimate. Pure, no I/O.
import type { ObservatoireConfig } from './indicators/config.ts';
import { LEVELS, type Level } from './model.ts';
import {
  REASON_INSUFFICIENT, REASON_NONE, REASON_SECRET, communeColumns, coveredSums, dominantReason, type Levels,
} from './aggregate.ts';

export type FarFromDigitalColumns = {
  /** Estimated people aged 15+ in illectronism, NaN where there is no estimate. */
  people: Float64Array;
  /** Population aged 15+ (Σ of the bands), NaN where there is no estimate. */
  population15: Float64Array;
  /** Per band (config order): population and people, NaN where there is no estimate. */
  bandPopulation: Float64Array[];
  bandPeople: Float64Array[];
  /** Share of the territory's population in communes with an estimate. */
  shares: Float64Array;
  reasons: Uint8Array;
};

function communeEstimates(levels: Levels, config: ObservatoireConfig): FarFromDigitalColumns {
  const { communes } = levels;
  const n = communes.length;
  const bands = config.illectronism_bands;
  const columns = [...new Set(bands.flatMap((b) => [...b.plus, ...b.minus]))];
  const out: FarFromDigitalColumns = {
    people: new Float64Array(n).fill(Number.NaN),
    population15: new Float64Array(n).fill(Number.NaN),
    bandPopulation: bands.map(() => new Float64Array(n).fill(Number.NaN)),
    bandPeople: bands.map(() => new Float64Array(n).fill(Number.NaN)),
    shares: new Float64Array(n),
    reasons: new Uint8Array(n),
  };
  const cached = communeColumns(levels, columns);
  const read = columns.map((column) => cached.get(column)!);
  const plus = bands.map((band) => band.plus.map((k) => read[columns.indexOf(k)]!.values));
  const minus = bands.map((band) => band.minus.map((k) => read[columns.indexOf(k)]!.values));
  for (let i = 0; i < n; i++) {
    const c = communes[i]!;
    let reason = REASON_NONE;
    for (const column of read) {
      const r = column.reasons[i]!;
      if (r !== REASON_NONE && reason !== REASON_SECRET) reason = r;
    }
    if (reason !== REASON_NONE && c.population > 0) {
      out.reasons[i] = reason;
      continue;
    }
    let people = 0;
    let population15 = 0;
    for (let b = 0; b < bands.length; b++) {
      let share = 0;
      for (const column of plus[b]!) share += column[i]!;
      for (const column of minus[b]!) share -= column[i]!;
      // Population 0: nobody to count, even when the shares are not published.
      const pop = c.population === 0 ? 0 : (c.population * Math.max(0, share)) / 100;
      const pep = (pop * bands[b]!.rate_pct) / 100;
      out.bandPopulation[b]![i] = pop;
      out.bandPeople[b]![i] = pep;
      people += pep;
      population15 += pop;
    }
    out.people[i] = people;
    out.population15[i] = population15;
    out.shares[i] = 1;
  }
  return out;
}

export function computeFarFromDigital(levels: Levels, config: ObservatoireConfig): Record<Level, FarFromDigitalColumns> {
  const communeLevel = communeEstimates(levels, config);
  const population = Float64Array.from(levels.communes, (c) => c.population);
  const out = { commune: communeLevel } as Record<Level, FarFromDigitalColumns>;
  for (const level of LEVELS) {
    if (level === 'commune') continue;
    const table = levels.tables[level];
    const n = table.codes.length;
    const people = coveredSums(table, communeLevel.people, population);
    const population15 = coveredSums(table, communeLevel.population15, population).sums;
    const bandPopulation = communeLevel.bandPopulation.map((column) => coveredSums(table, column, population).sums);
    const bandPeople = communeLevel.bandPeople.map((column) => coveredSums(table, column, population).sums);
    const shares = new Float64Array(n);
    const reasons = new Uint8Array(n);
    for (let t = 0; t < n; t++) {
      const total = table.population[t]!;
      const covered = people.coveredPopulation[t]!;
      const share = total > 0 ? covered / total : 0;
      shares[t] = share;
      let factor = Number.NaN;
      if (covered > 0 && share >= config.aggregate_min_population_share) factor = total / covered;
      else if (covered > 0) reasons[t] = REASON_INSUFFICIENT;
      else reasons[t] = dominantReason(table, t, communeLevel.reasons, population);
      people.sums[t] *= factor;
      population15[t] *= factor;
      for (const column of [...bandPopulation, ...bandPeople]) column[t] *= factor;
    }
    out[level] = { people: people.sums, population15, bandPopulation, bandPeople, shares, reasons };
  }
  return out;
}
