// Owns what the observatory's map and table can show, each declared once with its label, unit and
// how to read it from a territory's figures: the score « inspiré de l'IFN » of each variant, every
// indicator of the catalogue, the people far from digital life, and the coverage figures. Also the
// French words of the levels and of missing values, and the deciles of the measures the
// computations do not rank (scores, estimates, coverage), computed once per set of figures with
// the same rule as the indicators' (fragility.ts decilesOf).
import { INDICATORS, type Direction } from '../../observatoire/indicators/catalogue.ts';
import { MISSING_LABELS, type ObservatoireFigures, type TerritoryFigures } from '../../observatoire/figures.ts';
import { decilesOf } from '../../observatoire/fragility.ts';
import { LEVELS, type Level } from '../../observatoire/model.ts';

export const LEVEL_LABELS: Readonly<Record<Level, { one: string; many: string; short: string }>> = {
  region: { one: 'région', many: 'régions', short: 'région' },
  departement: { one: 'département', many: 'départements', short: 'département' },
  epci: { one: 'intercommunalité (EPCI)', many: 'intercommunalités (EPCI)', short: 'EPCI' },
  commune: { one: 'commune', many: 'communes', short: 'commune' },
};
/** From the widest to the narrowest, as the form lists them. */
export const LEVEL_ORDER: readonly Level[] = ['region', 'departement', 'epci', 'commune'];
export const isLevel = (value: string): value is Level => (LEVELS as readonly string[]).includes(value);

/** Every reason a figure may be absent, as pages say it. */
export const ABSENT_LABELS: Readonly<Record<string, string>> = {
  ...MISSING_LABELS,
  insufficient_weight: 'Non calculé : trop peu d’indicateurs disponibles',
  no_position: 'Inconnue : la commune n’a pas de position',
  no_place: 'Aucun lieu de ce type connu',
};
export const absentLabel = (reason: string | null | undefined) => (reason ? ABSENT_LABELS[reason] ?? 'Non disponible' : 'Non disponible');

export type Reading = { value: number | null; missing: string | null };

export type Measure = {
  /** The URL value (indicateur=…). */
  key: string;
  group: string;
  label: string;
  short: string;
  unit: string;
  digits: number;
  /** higher: a higher value is more fragile. */
  direction: Direction;
  read: (t: TerritoryFigures) => Reading;
  /** The decile computed by the observatory itself (catalogue indicators); else ranked here. */
  ownDecile?: (t: TerritoryFigures) => number | null;
  note?: string;
};

const SCORE_GROUP = 'Score de fragilité numérique inspiré de l’IFN';
const INDICATOR_GROUP = 'Indicateurs';
const FAR_GROUP = 'Personnes éloignées du numérique (estimation)';
const COVERAGE_GROUP = 'Couverture par les lieux';

function scoreMeasures(figures: ObservatoireFigures): Measure[] {
  return figures.method.variants.map((v) => ({
    key: `score_${v.key}`,
    group: SCORE_GROUP,
    label: `Score inspiré de l’IFN — ${v.label}`,
    short: `Score ${v.label.toLowerCase()}`,
    unit: 'sur 10',
    digits: 1,
    direction: 'higher' as const,
    read: (t: TerritoryFigures) => {
      const s = t.scores[v.key];
      return s ? { value: s.score, missing: s.score === null ? s.missing ?? 'insufficient_weight' : null } : { value: null, missing: 'missing' };
    },
    note: v.description,
  }));
}

const indicatorMeasures: Measure[] = INDICATORS.map((i) => ({
  key: i.key,
  group: INDICATOR_GROUP,
  label: i.label,
  short: i.short_label,
  unit: i.unit,
  digits: i.unit === '€' ? 0 : 1,
  direction: i.direction,
  read: (t) => ({ value: t.indicators[i.key]?.value ?? null, missing: t.indicators[i.key]?.missing ?? (t.indicators[i.key] ? null : 'missing') }),
  ownDecile: (t) => t.indicators[i.key]?.decile ?? null,
}));

const otherMeasures: Measure[] = [
  {
    key: 'eloignes_personnes', group: FAR_GROUP, label: 'Personnes de 15 ans ou plus éloignées du numérique (estimation)', short: 'Personnes éloignées',
    unit: 'personnes', digits: 0, direction: 'higher',
    read: (t) => ({ value: t.far_from_digital.people, missing: t.far_from_digital.people === null ? t.far_from_digital.missing ?? 'missing' : null }),
  },
  {
    key: 'eloignes_taux', group: FAR_GROUP, label: 'Part des 15 ans ou plus éloignés du numérique (estimation)', short: 'Part éloignée',
    unit: '%', digits: 1, direction: 'higher',
    read: (t) => ({ value: t.far_from_digital.rate_pct, missing: t.far_from_digital.rate_pct === null ? t.far_from_digital.missing ?? 'missing' : null }),
  },
  {
    key: 'lieux_10000', group: COVERAGE_GROUP, label: 'Lieux d’inclusion numérique pour 10 000 habitants', short: 'Lieux / 10 000 hab.',
    unit: 'pour 10 000 hab.', digits: 1, direction: 'lower',
    read: (t) => ({ value: t.coverage.places_per_10000, missing: t.coverage.places_per_10000 === null ? 'missing' : null }),
  },
  {
    key: 'part_sans_lieu', group: COVERAGE_GROUP, label: 'Part de la population vivant dans une commune sans lieu', short: 'Population sans lieu',
    unit: '%', digits: 1, direction: 'higher',
    read: (t) => ({ value: t.coverage.share_without_place === null ? null : 100 * t.coverage.share_without_place, missing: t.coverage.share_without_place === null ? 'missing' : null }),
  },
  ...(['tout_lieu', 'gratuit_accompagne'] as const).map((target): Measure => ({
    key: `distance_${target}`, group: COVERAGE_GROUP,
    label: target === 'tout_lieu' ? 'Distance au lieu d’inclusion numérique le plus proche' : 'Distance au lieu gratuit avec accompagnement le plus proche',
    short: target === 'tout_lieu' ? 'Distance à un lieu' : 'Distance à un lieu gratuit accompagné',
    unit: 'km', digits: 1, direction: 'higher',
    read: (t) => {
      const d = t.coverage.distances[target];
      if (!d) return { value: null, missing: 'missing' };
      return { value: d.distance_km, missing: d.distance_km === null ? d.missing ?? 'missing' : null };
    },
    note: 'À vol d’oiseau depuis le point intérieur de la commune ; au-dessus de la commune, moyenne pondérée par la population.',
  })),
];

const measureCache = new WeakMap<ObservatoireFigures, Measure[]>();
/** Every measure, in the order of the form. */
export function measures(figures: ObservatoireFigures): Measure[] {
  let list = measureCache.get(figures);
  if (!list) measureCache.set(figures, (list = [...scoreMeasures(figures), ...indicatorMeasures, ...otherMeasures]));
  return list;
}
export const DEFAULT_MEASURE = 'score_tout_age';
export const findMeasure = (figures: ObservatoireFigures, key: string) => measures(figures).find((m) => m.key === key);

const decileCache = new WeakMap<ObservatoireFigures, Map<string, Map<string, number | null>>>();
/** code → decile (1 = least fragile tenth, 10 = most fragile) among the territories of the level. */
export function decilesFor(figures: ObservatoireFigures, level: Level, measure: Measure): ReadonlyMap<string, number | null> {
  let byKey = decileCache.get(figures);
  if (!byKey) decileCache.set(figures, (byKey = new Map()));
  const cacheKey = `${level}|${measure.key}`;
  let result = byKey.get(cacheKey);
  if (result) return result;
  const territories = [...figures.territories[level].values()];
  result = new Map();
  if (measure.ownDecile) {
    for (const t of territories) result.set(t.code, measure.ownDecile(t));
  } else {
    const values = Float64Array.from(territories, (t) => measure.read(t).value ?? Number.NaN);
    const deciles = decilesOf(values, measure.direction);
    territories.forEach((t, i) => result!.set(t.code, deciles[i] === 0 ? null : deciles[i]!));
  }
  byKey.set(cacheKey, result);
  return result;
}

export type Row = { territory: TerritoryFigures; value: number | null; missing: string | null; decile: number | null };

/** The figures of one measure for the territories of a level (optionally inside a département), in code order. */
export function measureRows(figures: ObservatoireFigures, level: Level, measure: Measure, departement?: string): Row[] {
  const deciles = decilesFor(figures, level, measure);
  const rows: Row[] = [];
  for (const t of figures.territories[level].values()) {
    if (departement && !inDepartement(t, departement)) continue;
    const r = measure.read(t);
    rows.push({ territory: t, value: r.value, missing: r.value === null ? r.missing ?? 'missing' : null, decile: deciles.get(t.code) ?? null });
  }
  return rows;
}

export function inDepartement(t: TerritoryFigures, departement: string): boolean {
  if (t.level === 'departement') return t.code === departement;
  return t.parents.departement.includes(departement);
}

/** Numbers as people read them in French: "1 234,5". */
const FORMATS = new Map<number, Intl.NumberFormat>();
export function frNumber(value: number, digits = 0): string {
  let f = FORMATS.get(digits);
  if (!f) FORMATS.set(digits, (f = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits })));
  // A narrow no-break space groups thousands; -0 reads 0.
  return f.format(Object.is(value, -0) ? 0 : value);
}
export const unitText = (unit: string) => (unit === '%' ? ' %' : unit === '€' ? ' €' : unit === 'km' ? ' km' : '');
/** A measure's value with its unit, or why there is none. */
export function shownValue(reading: Reading, measure: Pick<Measure, 'digits' | 'unit'>): string {
  return reading.value === null ? absentLabel(reading.missing) : `${frNumber(reading.value, measure.digits)}${unitText(measure.unit)}`;
}
