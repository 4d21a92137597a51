// Owns the territorial levels of the observatory and how commune figures become EPCI,
// département and région figures: each level is a table of territories (code order) with the
// indices of their communes; values are population-weighted means over the communes that have
// the value, kept with the share of population those communes hold, and below
// `minPopulationShare` the aggregate is missing ('insufficient_coverage'): a mean over a minority
// of the population would speak for the others. Counts (people) are summed the same way and
// extrapolated to the whole population from the part covered. Pure, typed arrays, no I/O.
import { LEVELS, type CommuneInput, type Level } from './model.ts';

/** Why a value is absent: 0 = present, then secret, missing from the source, too little population covered. */
export const REASON_NONE = 0;
export const REASON_SECRET = 1;
export const REASON_MISSING = 2;
export const REASON_INSUFFICIENT = 3;
export const MISSING_REASONS = [null, 'secret', 'missing', 'insufficient_coverage'] as const;
export type MissingReason = NonNullable<(typeof MISSING_REASONS)[number]>;

export type LevelTable = {
  level: Level;
  codes: readonly string[];
  names: readonly string[];
  population: Float64Array;
  /** CSR layout: the communes of territory t are memberIndex[memberStart[t] … memberStart[t+1]). */
  memberStart: Int32Array;
  memberIndex: Int32Array;
  /** Parent codes (arrays, most populated first): a commune has one of each, an EPCI may straddle départements. */
  parents: readonly { epci: string[]; departement: string[]; region: string[] }[];
  indexOf: ReadonlyMap<string, number>;
};

export type Levels = {
  /** The communes in code order (the commune table's order). */
  communes: readonly CommuneInput[];
  tables: Readonly<Record<Level, LevelTable>>;
  /** For each commune, its territory index at each level (-1 when it has no EPCI). */
  territoryOf: Readonly<Record<Level, Int32Array>>;
};

export type TerritoryNames = Partial<Record<Level, ReadonlyMap<string, string>>>;

const FALLBACK_NAME: Record<Level, string> = { commune: 'Commune', epci: 'EPCI', departement: 'Département', region: 'Région' };

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function codeOf(c: CommuneInput, level: Level): string | null {
  switch (level) {
    case 'commune': return c.code;
    case 'epci': return c.epci_code;
    case 'departement': return c.departement_code;
    case 'region': return c.region_code;
  }
}

/** Parent codes of one level for a group of communes, most populated first, then by code. */
function parentCodes(communes: readonly CommuneInput[], members: readonly number[], level: Level): string[] {
  const pop = new Map<string, number>();
  for (const i of members) {
    const code = codeOf(communes[i]!, level);
    if (code !== null) pop.set(code, (pop.get(code) ?? 0) + communes[i]!.population);
  }
  return [...pop].sort((a, b) => b[1] - a[1] || byCode(a[0], b[0])).map(([code]) => code);
}

export function buildLevels(input: readonly CommuneInput[], names: TerritoryNames = {}): Levels {
  const seen = new Set<string>();
  for (const c of input) {
    if (seen.has(c.code)) throw new Error(`Commune ${c.code} présente deux fois dans les entrées de l’observatoire.`);
    seen.add(c.code);
  }
  const communes = [...input].sort((a, b) => byCode(a.code, b.code));
  const tables = {} as Record<Level, LevelTable>;
  const territoryOf = {} as Record<Level, Int32Array>;
  for (const level of LEVELS) {
    const groups = new Map<string, number[]>();
    communes.forEach((c, i) => {
      const code = codeOf(c, level);
      if (code === null || code === '') return;
      const g = groups.get(code);
      if (g) g.push(i);
      else groups.set(code, [i]);
    });
    const codes = [...groups.keys()].sort(byCode);
    const memberStart = new Int32Array(codes.length + 1);
    const memberIndex = new Int32Array(codes.reduce((n, code) => n + groups.get(code)!.length, 0));
    const population = new Float64Array(codes.length);
    const of = new Int32Array(communes.length).fill(-1);
    const levelNames: string[] = [];
    const parents: LevelTable['parents'][number][] = [];
    let k = 0;
    codes.forEach((code, t) => {
      const members = groups.get(code)!;
      memberStart[t] = k;
      for (const i of members) {
        memberIndex[k++] = i;
        population[t] += communes[i]!.population;
        of[i] = t;
      }
      const c = communes[members[0]!]!;
      levelNames.push(level === 'commune' ? c.nom : names[level]?.get(code) ?? `${FALLBACK_NAME[level]} ${code}`);
      parents.push(level === 'commune' ? { epci: c.epci_code ? [c.epci_code] : [], departement: [c.departement_code], region: [c.region_code] } : {
        epci: [],
        departement: level === 'epci' ? parentCodes(communes, members, 'departement') : [],
        region: level === 'region' ? [] : parentCodes(communes, members, 'region'),
      });
    });
    memberStart[codes.length] = k;
    tables[level] = { level, codes, names: levelNames, population, memberStart, memberIndex, parents, indexOf: new Map(codes.map((c, t) => [c, t])) };
    territoryOf[level] = of;
  }
  return { communes, tables, territoryOf };
}

export type AggregatedValues = {
  /** NaN where missing. */
  values: Float64Array;
  /** Share of the territory's population in communes that have the value (0–1). */
  shares: Float64Array;
  /** REASON_* codes, 0 where there is a value. */
  reasons: Uint8Array;
};

/** Why a territory whose communes all lack the value lacks it: the reason of most of its population (secret on a tie). */
export function dominantReason(table: LevelTable, t: number, reasons: Uint8Array, population: ArrayLike<number>): number {
  let secret = 0;
  let missing = 0;
  let anySecret = false;
  for (let k = table.memberStart[t]!; k < table.memberStart[t + 1]!; k++) {
    const i = table.memberIndex[k]!;
    if (reasons[i] === REASON_SECRET) {
      secret += population[i]!;
      anySecret = true;
    } else missing += population[i]!;
  }
  return secret > missing || (secret === missing && anySecret) ? REASON_SECRET : REASON_MISSING;
}

/**
 * Population-weighted means of a commune value over each territory of `table`. At the commune
 * level the value is the commune's own (share 1, or 0 when missing, whatever its population).
 */
export function weightedMeans(
  table: LevelTable, communeValues: Float64Array, communeReasons: Uint8Array, population: ArrayLike<number>, minPopulationShare: number,
): AggregatedValues {
  const n = table.codes.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const shares = new Float64Array(n);
  const reasons = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    if (table.level === 'commune') {
      const i = table.memberIndex[table.memberStart[t]!]!;
      values[t] = communeValues[i]!;
      shares[t] = Number.isNaN(communeValues[i]!) ? 0 : 1;
      reasons[t] = communeReasons[i]!;
      continue;
    }
    let sum = 0;
    let covered = 0;
    for (let k = table.memberStart[t]!; k < table.memberStart[t + 1]!; k++) {
      const i = table.memberIndex[k]!;
      const v = communeValues[i]!;
      if (Number.isNaN(v)) continue;
      sum += v * population[i]!;
      covered += population[i]!;
    }
    const total = table.population[t]!;
    const share = total > 0 ? covered / total : 0;
    shares[t] = share;
    if (covered > 0 && share >= minPopulationShare) values[t] = sum / covered;
    else reasons[t] = covered > 0 ? REASON_INSUFFICIENT : dominantReason(table, t, communeReasons, population);
  }
  return { values, shares, reasons };
}

/** Sum of a per-commune quantity over each territory, over the communes that have it. */
export function coveredSums(
  table: LevelTable, communeValues: Float64Array, population: ArrayLike<number>,
): { sums: Float64Array; coveredPopulation: Float64Array } {
  const n = table.codes.length;
  const sums = new Float64Array(n);
  const coveredPopulation = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    for (let k = table.memberStart[t]!; k < table.memberStart[t + 1]!; k++) {
      const i = table.memberIndex[k]!;
      const v = communeValues[i]!;
      if (Number.isNaN(v)) continue;
      sums[t] += v;
      coveredPopulation[t] += population[i]!;
    }
  }
  return { sums, coveredPopulation };
}

export const reasonOf = (code: number): MissingReason | null => MISSING_REASONS[code] ?? null;

export type CommuneColumn = { values: Float64Array; reasons: Uint8Array };

/** One value of every commune: the numbers (NaN when missing) and the REASON_* codes. */
export function communeColumn(communes: readonly CommuneInput[], key: string): CommuneColumn {
  return readColumns(communes, [key]).get(key)!;
}

const columnCaches = new WeakMap<Levels, Map<string, CommuneColumn>>();

/**
 * The columns of `keys` for the communes of `levels`, kept with them: the computations that need
 * the same values (fragility, far from digital) read each commune's values once, row by row.
 */
export function communeColumns(levels: Levels, keys: readonly string[]): ReadonlyMap<string, CommuneColumn> {
  let cache = columnCaches.get(levels);
  if (!cache) columnCaches.set(levels, (cache = new Map()));
  const wanted = [...new Set(keys)].filter((k) => !cache.has(k));
  if (wanted.length > 0) for (const [k, column] of readColumns(levels.communes, wanted)) cache.set(k, column);
  return cache;
}

function readColumns(communes: readonly CommuneInput[], keys: readonly string[]): Map<string, CommuneColumn> {
  const n = communes.length;
  const columns = keys.map(() => ({ values: new Float64Array(n), reasons: new Uint8Array(n) }));
  for (let i = 0; i < n; i++) {
    const values = communes[i]!.values;
    for (let k = 0; k < keys.length; k++) {
      const v = values[keys[k]!];
      const column = columns[k]!;
      if (typeof v === 'number' && Number.isFinite(v)) {
        column.values[i] = v;
        continue;
      }
      column.values[i] = Number.NaN;
      column.reasons[i] = typeof v === 'object' && v !== null && v.missing === 'secret' ? REASON_SECRET : REASON_MISSING;
    }
  }
  return new Map(keys.map((k, j) => [k, columns[j]!]));
}
