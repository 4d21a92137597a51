// Owns the figures of the observatory, what pages, CSV/XLSX/GeoJSON exports and the JSON API
// show without recomputing anything: per level (commune, EPCI, département, région) a map code →
// territory figures (indicators with value/decile/missing, the fragility scores of each variant
// with their components, the estimate of people far from digital life with its bands, the
// coverage of the offer), the white zones, and the method with the version of its configuration.
// computeFigures runs every computation (fragility.ts, far-from-digital.ts, coverage.ts,
// white-zones.ts) on the inputs into columns; each territory's object is assembled from them when
// first read. Pure and synchronous: same inputs and configuration, same figures.
import { INDICATORS, type IndicatorDefinition, type IndicatorKey } from './indicators/catalogue.ts';
import type { ObservatoireConfig, WhiteZoneConfig } from './indicators/config.ts';
import { ILLECTRONISM_60PLUS_PUBLISHED, ILLECTRONISM_NATIONAL_RATE_PCT, ILLECTRONISM_SOURCE, type RateSource } from './indicators/illectronism.ts';
import { LEVELS, type DatasetVersion, type Level, type ObservatoireInputs } from './model.ts';
import { buildLevels, communeColumns, reasonOf, type Levels, type MissingReason, type TerritoryNames } from './aggregate.ts';
import { computeFragility, type LevelFragility } from './fragility.ts';
import { computeFarFromDigital, type FarFromDigitalColumns } from './far-from-digital.ts';
import { COVERAGE_TARGETS, DISTANCE_NO_PLACE, DISTANCE_NO_POSITION, computeCoverage, type CoverageResult } from './coverage.ts';
import { WHITE_ZONE_TARGET_PHRASES, findWhiteZones, type WhiteZone } from './white-zones.ts';

export type { MissingReason } from './aggregate.ts';
export type { WhiteZone } from './white-zones.ts';

/** How pages say why a value is absent. */
export const MISSING_LABELS: Readonly<Record<MissingReason, string>> = {
  secret: 'Non publié (secret statistique)',
  missing: 'Absent de la source',
  insufficient_coverage: 'Non calculé : les communes qui ont la donnée regroupent trop peu de la population',
};

export type IndicatorFigure = {
  key: IndicatorKey;
  /** Commune: its value; above: population-weighted mean over the communes that have it. null when missing. */
  value: number | null;
  missing: MissingReason | null;
  /** Share of the population (0–1) living in communes that have the value: 1 or 0 for a commune. */
  population_share: number;
  /** Among the territories of the same level: 1 = least fragile tenth … 10 = most fragile; null when missing. */
  decile: number | null;
};

export type ScoreFigure = {
  /** Weighted mean of the deciles available (1–10); null when they carry too little of the weight. */
  score: number | null;
  /** Share of the variant's weight the territory has values for (0–1). */
  weight_share: number;
  missing: 'insufficient_weight' | null;
  /**
   * The variant's indicators as they counted in this score, in the variant's order (the same
   * objects as `indicators[key]`; their weights are in method.variants).
   */
  components: readonly IndicatorFigure[];
};

export type IllectronismBandFigure = {
  key: string;
  label: string;
  rate_pct: number;
  rate_source: RateSource;
  /** People of the band living there (population × share of the band). */
  population: number;
  /** Of whom estimated in illectronism. */
  people: number;
};

export type FarFromDigitalFigure = {
  /** Estimated people aged 15 or more in illectronism; null when missing. */
  people: number | null;
  population_15plus: number | null;
  /** people / population_15plus, in %. */
  rate_pct: number | null;
  /** Share of the population in communes with an estimate (above the commune, the estimate is extrapolated to 1). */
  population_share: number;
  missing: MissingReason | null;
  /** Empty when missing. */
  bands: IllectronismBandFigure[];
};

export type DistanceFigure = {
  /** Places of this kind present in the territory (including itinerant stops). */
  places: number;
  /**
   * Commune: straight-line km from its inner point to the nearest place of this kind (0 when an
   * itinerant service of that kind stops there, or such a place without position is there).
   * Above: population-weighted mean over the communes whose distance is known. null when unknown.
   */
  distance_km: number | null;
  /** Commune only: id of that nearest place. */
  nearest_place_id: string | null;
  /** Commune only: why there is no distance (no position for the commune, no such place anywhere). */
  missing: 'no_position' | 'no_place' | null;
  /** Population living at each threshold of method.coverage.distance_thresholds_km or more (same order). */
  population_beyond: number[];
  /** Population of communes whose distance is unknown. */
  population_unknown: number;
};

export type CoverageFigure = {
  /** Distinct places present in the territory (their commune, or a commune their itinerant service visits). */
  places: number;
  places_per_10000: number | null;
  population_without_place: number;
  share_without_place: number | null;
  communes_without_place: number;
  /** By coverage target key (method.coverage.targets). */
  distances: Record<string, DistanceFigure>;
};

export type TerritoryFigures = {
  level: Level;
  code: string;
  name: string;
  /** Population légale (COG 2026), summed above the commune. */
  population: number;
  communes: number;
  /** Codes of the territories above it, most populated part first (an EPCI may straddle départements). */
  parents: { epci: string[]; departement: string[]; region: string[] };
  indicators: Record<IndicatorKey, IndicatorFigure>;
  /** By variant key (method.variants). */
  scores: Record<string, ScoreFigure>;
  far_from_digital: FarFromDigitalFigure;
  coverage: CoverageFigure;
};

export type MethodFigures = {
  title: string;
  /** To show with every score: this is not the official IFN. */
  notice: string;
  config: { version: string; origin: string; fingerprint: string };
  indicators: readonly IndicatorDefinition[];
  variants: { key: string; label: string; description: string; indicators: { key: IndicatorKey; label: string; weight: number }[] }[];
  rules: {
    deciles: string;
    score: string;
    min_weight_share: number;
    aggregates: string;
    aggregate_min_population_share: number;
    missing: Readonly<Record<MissingReason, string>>;
  };
  far_from_digital: {
    text: string;
    source: typeof ILLECTRONISM_SOURCE;
    national_rate_pct: number;
    bands: { key: string; label: string; rate_pct: number; rate_source: RateSource; rate_note: string }[];
  };
  coverage: { text: string; targets: { key: string; label: string }[]; distance_thresholds_km: readonly number[] };
  white_zones: { text: string; ranking: string; criteria: WhiteZoneConfig };
  limits: string[];
};

export type ObservatoireFigures = {
  /** Per level, code → figures, in code order (see TerritoryFiguresMap). */
  territories: Readonly<Record<Level, TerritoryFiguresMap>>;
  white_zones: { commune: WhiteZone[]; epci: WhiteZone[] };
  method: MethodFigures;
  datasets: readonly DatasetVersion[];
  counts: { communes: number; places: number; places_located: number; places_itinerant: number; places_without_position: number; places_outside_communes: number };
};

export type FiguresInputs = ObservatoireInputs & {
  /** Names of EPCI, départements and régions by code (communes carry theirs); a missing name shows as « EPCI 200040715 ». */
  names?: TerritoryNames;
};

const nullable = (v: number) => (Number.isNaN(v) ? null : v);

/** What every computation produced, as columns (typed arrays by level): the figures are views of these. */
export type FigureColumns = {
  levels: Levels;
  fragility: Record<Level, LevelFragility>;
  far: Record<Level, FarFromDigitalColumns>;
  coverage: CoverageResult;
};

/**
 * The territories of one level, code → figures, in code order. Every number is computed by
 * computeFigures; the objects a page or an export reads are assembled from those columns the first
 * time a territory is read, then kept (the same object on every read). A national recomputation
 * thus does not allocate 35,000 × 50 objects nobody may read (decision 024).
 */
export class TerritoryFiguresMap implements ReadonlyMap<string, TerritoryFigures> {
  private readonly built: (TerritoryFigures | undefined)[];

  constructor(
    private readonly codes: readonly string[],
    private readonly indexOf: ReadonlyMap<string, number>,
    private readonly build: (t: number) => TerritoryFigures,
  ) {
    this.built = new Array(codes.length);
  }

  get size(): number {
    return this.codes.length;
  }

  has(code: string): boolean {
    return this.indexOf.has(code);
  }

  get(code: string): TerritoryFigures | undefined {
    const t = this.indexOf.get(code);
    return t === undefined ? undefined : this.at(t);
  }

  /** The t-th territory in code order. */
  at(t: number): TerritoryFigures {
    return (this.built[t] ??= this.build(t));
  }

  *entries(): MapIterator<[string, TerritoryFigures]> {
    for (let t = 0; t < this.codes.length; t++) yield [this.codes[t]!, this.at(t)];
  }

  keys(): MapIterator<string> {
    return this.codes[Symbol.iterator]() as MapIterator<string>;
  }

  *values(): MapIterator<TerritoryFigures> {
    for (let t = 0; t < this.codes.length; t++) yield this.at(t);
  }

  [Symbol.iterator](): MapIterator<[string, TerritoryFigures]> {
    return this.entries();
  }

  forEach(callback: (value: TerritoryFigures, key: string, map: ReadonlyMap<string, TerritoryFigures>) => void, thisArg?: unknown): void {
    for (let t = 0; t < this.codes.length; t++) callback.call(thisArg, this.at(t), this.codes[t]!, this);
  }
}

export function computeFigures(inputs: FiguresInputs, config: ObservatoireConfig): ObservatoireFigures {
  const levels = buildLevels(inputs.communes, inputs.names);
  // Every commune value the computations read, in one pass over the communes.
  communeColumns(levels, [...INDICATORS.map((i) => i.key), ...config.illectronism_bands.flatMap((b) => [...b.plus, ...b.minus])]);
  const columns: FigureColumns = {
    levels,
    fragility: computeFragility(levels, config),
    far: computeFarFromDigital(levels, config),
    coverage: computeCoverage(levels, inputs.places, config),
  };
  const territories = {} as Record<Level, TerritoryFiguresMap>;
  for (const level of LEVELS) {
    const table = levels.tables[level];
    territories[level] = new TerritoryFiguresMap(table.codes, table.indexOf, territoryBuilder(columns, level, config));
  }
  const { coverage } = columns;
  return {
    territories,
    white_zones: findWhiteZones(columns, config),
    method: describeMethod(config),
    datasets: inputs.datasets,
    counts: {
      communes: levels.communes.length,
      places: coverage.counts.places,
      places_located: coverage.counts.located,
      places_itinerant: coverage.counts.itinerant,
      places_without_position: coverage.counts.withoutPosition,
      places_outside_communes: coverage.counts.outsideCommunes,
    },
  };
}

/** Assembles the figures of territory t of a level from the columns. */
function territoryBuilder(columns: FigureColumns, level: Level, config: ObservatoireConfig): (t: number) => TerritoryFigures {
  const table = columns.levels.tables[level];
  const frag = columns.fragility[level];
  const farLevel = columns.far[level];
  const cov = columns.coverage.levels[level];
  const places = columns.coverage.places;
  const variants = Object.entries(config.variants).map(([key, variant]) => [key, variant, frag.variants.get(key)!] as const);
  const bands = config.illectronism_bands;
  const thresholds = config.distance_thresholds_km.length;
  const indicatorColumns = INDICATORS.map((i) => [i.key, frag.indicators.get(i.key)!] as const);
  const targetColumns = COVERAGE_TARGETS.map((target) =>
    [target.key, cov.targets.get(target.key)!, columns.coverage.communeDistances.get(target.key)!, cov.targetPlaces.get(target.key)!] as const);
  return (t) => {
    const population = table.population[t]!;
    const indicators = {} as Record<IndicatorKey, IndicatorFigure>;
    for (const [key, column] of indicatorColumns) {
      const d = column.deciles[t]!;
      indicators[key] = { key, value: nullable(column.values[t]!), missing: reasonOf(column.reasons[t]!), population_share: column.shares[t]!, decile: d === 0 ? null : d };
    }
    const scores: Record<string, ScoreFigure> = {};
    for (const [key, variant, column] of variants) {
      const score = nullable(column.scores[t]!);
      scores[key] = {
        score,
        weight_share: column.weightShares[t]!,
        missing: score === null ? 'insufficient_weight' : null,
        components: variant.indicators.map((i) => indicators[i.key]),
      };
    }
    const people = nullable(farLevel.people[t]!);
    const population15 = nullable(farLevel.population15[t]!);
    const far_from_digital: FarFromDigitalFigure = {
      people,
      population_15plus: population15,
      rate_pct: people !== null && population15 !== null && population15 > 0 ? (100 * people) / population15 : null,
      population_share: farLevel.shares[t]!,
      missing: people === null ? reasonOf(farLevel.reasons[t]!) : null,
      bands: people === null ? [] : bands.map((b, k) => ({
        key: b.key, label: b.label, rate_pct: b.rate_pct, rate_source: b.rate_source,
        population: farLevel.bandPopulation[k]![t]!, people: farLevel.bandPeople[k]![t]!,
      })),
    };
    const distances: Record<string, DistanceFigure> = {};
    const commune = level === 'commune' ? table.memberIndex[table.memberStart[t]!]! : -1;
    for (const [key, agg, communeDistances, targetPlaces] of targetColumns) {
      const population_beyond = new Array<number>(thresholds);
      for (let k = 0; k < thresholds; k++) population_beyond[k] = agg.populationBeyond[k]![t]!;
      let nearest_place_id: string | null = null;
      let missing: DistanceFigure['missing'] = null;
      if (commune >= 0) {
        const j = communeDistances.place[commune]!;
        nearest_place_id = j >= 0 ? places[j]!.id : null;
        const m = communeDistances.missing[commune]!;
        missing = m === DISTANCE_NO_POSITION ? 'no_position' : m === DISTANCE_NO_PLACE ? 'no_place' : null;
      }
      distances[key] = {
        places: targetPlaces[t]!,
        distance_km: nullable(agg.meanDistance[t]!),
        nearest_place_id,
        missing,
        population_beyond,
        population_unknown: agg.populationUnknown[t]!,
      };
    }
    const placeCount = cov.places[t]!;
    return {
      level,
      code: table.codes[t]!,
      name: table.names[t]!,
      population,
      communes: table.memberStart[t + 1]! - table.memberStart[t]!,
      parents: table.parents[t]!,
      indicators,
      scores,
      far_from_digital,
      coverage: {
        places: placeCount,
        places_per_10000: population > 0 ? (10_000 * placeCount) / population : null,
        population_without_place: cov.populationWithoutPlace[t]!,
        share_without_place: population > 0 ? cov.populationWithoutPlace[t]! / population : null,
        communes_without_place: cov.communesWithoutPlace[t]!,
        distances,
      },
    };
  };
}

const pct = (share: number) => `${Math.round(share * 100)} %`;

export function describeMethod(config: ObservatoireConfig): MethodFigures {
  const label = (key: IndicatorKey) => INDICATORS.find((i) => i.key === key)!.label;
  const wz = config.white_zones;
  const [what] = WHITE_ZONE_TARGET_PHRASES[wz.target];
  return {
    title: 'Indice de fragilité numérique inspiré de l’IFN',
    notice:
      'Indice calculé par Passerelle, inspiré de l’Indice de fragilité numérique (IFN) : ce n’est pas l’indice officiel. ' +
      'Ses indicateurs, leurs poids et ses sources sont décrits ci-dessous.',
    config: { version: config.version, origin: config.origin, fingerprint: config.fingerprint },
    indicators: INDICATORS,
    variants: Object.entries(config.variants).map(([key, v]) => ({
      key, label: v.label, description: v.description, indicators: v.indicators.map((i) => ({ key: i.key, label: label(i.key), weight: i.weight })),
    })),
    rules: {
      deciles:
        'Chaque indicateur est classé en déciles parmi les territoires du même échelon (communes entre elles, EPCI entre eux…) : ' +
        '1 = le dixième le moins fragile, 10 = le plus fragile, selon le sens de l’indicateur. Des valeurs égales ont le même décile ' +
        '(rang médian). Un territoire sans la valeur n’a pas de décile.',
      score:
        'Le score d’une variante est la moyenne, pondérée par les poids de la variante, des déciles disponibles (de 1 à 10). ' +
        `Si les indicateurs disponibles représentent moins de ${pct(config.min_weight_share)} du poids de la variante, le territoire n’a pas de score : ` +
        'il serait comparé aux autres sur trop peu d’indicateurs.',
      min_weight_share: config.min_weight_share,
      aggregates:
        'Pour un EPCI, un département ou une région, chaque indicateur est la moyenne des valeurs communales pondérée par la population légale, ' +
        'sur les communes qui ont la valeur. La part de population ainsi couverte est indiquée ; si elle est inférieure à ' +
        `${pct(config.aggregate_min_population_share)}, la valeur n’est pas calculée.`,
      aggregate_min_population_share: config.aggregate_min_population_share,
      missing: MISSING_LABELS,
    },
    far_from_digital: {
      text:
        'Estimation : les taux nationaux d’illectronisme par tranche d’âge sont appliqués à la population de chaque commune par âge ' +
        '(population légale × part de la tranche au recensement 2022). Les moins de 15 ans ne sont pas comptés. Publiés par l’INSEE : ' +
        `${ILLECTRONISM_NATIONAL_RATE_PCT} % des 15 ans ou plus, 2 % des 15–24 ans, 62 % des 75 ans ou plus, ${ILLECTRONISM_60PLUS_PUBLISHED}. ` +
        'Les taux des tranches intermédiaires sont dérivés de ces chiffres (voir chaque tranche). Au-dessus de la commune, la somme des ' +
        'communes estimées est rapportée à toute la population du territoire.',
      source: ILLECTRONISM_SOURCE,
      national_rate_pct: ILLECTRONISM_NATIONAL_RATE_PCT,
      bands: config.illectronism_bands.map((b) => ({ key: b.key, label: b.label, rate_pct: b.rate_pct, rate_source: b.rate_source, rate_note: b.rate_note })),
    },
    coverage: {
      text:
        'Distances à vol d’oiseau depuis le point intérieur de chaque commune jusqu’au lieu le plus proche de chaque type. ' +
        'Un service itinérant compte dans les communes où il passe (à 0 km) ; un lieu sans coordonnées compte dans sa commune seulement. ' +
        'Au-dessus de la commune : moyenne pondérée par la population, et population vivant à chaque seuil de distance ou au-delà.',
      targets: COVERAGE_TARGETS.map((t) => ({ key: t.key, label: t.label })),
      distance_thresholds_km: config.distance_thresholds_km,
    },
    white_zones: {
      text:
        `Une commune est en zone blanche si son score « ${config.variants[wz.variant]!.label} » est d’au moins ${wz.min_score}, ` +
        `qu’elle n’a aucun ${what} et que le plus proche est à ${wz.min_distance_km} km ou plus. ` +
        `Un EPCI l’est si son score est d’au moins ${wz.min_score} et qu’au moins ${pct(wz.epci_min_population_share)} de sa population ` +
        'vit dans de telles communes éloignées (quel que soit leur score).',
      ranking:
        'Classement par priorité : nombre estimé de personnes éloignées du numérique × distance au lieu le plus proche (personnes·km), ' +
        'sommé sur les communes éloignées pour un EPCI ; à égalité, le plus de personnes puis le code.',
      criteria: wz,
    },
    limits: [
      'Ce n’est pas l’IFN officiel : indicateurs, poids et sources diffèrent.',
      'La couverture très haut débit date de 2019 (ARCEP) et a beaucoup progressé depuis.',
      'Le taux de pauvreté n’est publié que pour les communes de plus d’environ 1 000 ménages : le score des autres communes repose sur les autres indicateurs.',
      'Les moyennes au-dessus de la commune sont pondérées par la population, y compris pour des parts de locaux ou de ménages.',
      'Les déciles comparent les territoires d’un même échelon entre eux : ils disent un rang, pas un niveau absolu.',
      'Le nombre de personnes éloignées du numérique est une estimation par l’âge seulement, avec des taux nationaux.',
      'Les distances sont à vol d’oiseau, pas des temps de trajet.',
      'Seuls les lieux connus de Passerelle sont comptés.',
    ],
  };
}
