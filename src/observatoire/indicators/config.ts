// Owns the configuration of the observatory's computations: the variants of the fragility index
// (indicator list and weights), the rules on missing values, the illectronism rates, the distance
// thresholds and the white-zone criteria. Defaults are in code; a JSON file (PASSERELLE_IFN_CONFIG,
// read by config-file.ts) may override any part, and is validated here with French messages that
// name the key and the value. Pure: no I/O.
import { createHash } from 'node:crypto';
import { INDICATOR_BY_KEY, type IndicatorKey } from './catalogue.ts';
import { ILLECTRONISM_BANDS, type IllectronismBand } from './illectronism.ts';

export type WeightedIndicator = { key: IndicatorKey; weight: number };

export type VariantConfig = {
  label: string;
  description: string;
  indicators: readonly WeightedIndicator[];
};

/** Which places a white zone is measured against (coverage targets, see coverage.ts). */
export const WHITE_ZONE_TARGETS = ['gratuit_accompagne', 'tout_lieu'] as const;
export type WhiteZoneTarget = (typeof WHITE_ZONE_TARGETS)[number];

export type WhiteZoneConfig = {
  /** The variant whose score says "fragile". */
  variant: string;
  /** Fragile: score ≥ this (1–10). */
  min_score: number;
  /** Far: the nearest place of `target` is at least this far (km) and none is in the commune. */
  min_distance_km: number;
  target: WhiteZoneTarget;
  /** An EPCI is far when at least this share of its population lives `min_distance_km` or more from `target`. */
  epci_min_population_share: number;
};

export type ObservatoireConfig = {
  /** Shown with every figure; a file without a version gets the default's + "+local". */
  version: string;
  /** 'défaut' or the path of the file. */
  origin: string;
  /** First 12 hex digits of the SHA-256 of the effective configuration: two runs with the same fingerprint used the same method. */
  fingerprint: string;
  /** The index variants, in display order. */
  variants: Readonly<Record<string, VariantConfig>>;
  /** A territory gets a score when the indicators it has carry at least this share of the variant's weight. */
  min_weight_share: number;
  /** An EPCI/département/région value is kept when the communes that have it hold at least this share of its population. */
  aggregate_min_population_share: number;
  illectronism_bands: readonly IllectronismBand[];
  /** "Population beyond d km" is given for each of these distances. */
  distance_thresholds_km: readonly number[];
  white_zones: WhiteZoneConfig;
};

const w = (key: IndicatorKey, weight = 1): WeightedIndicator => ({ key, weight });

type Defaults = Omit<ObservatoireConfig, 'origin' | 'fingerprint'>;

const DEFAULTS: Defaults = {
  version: 'passerelle-ifn-2026.1',
  variants: {
    tout_age: {
      label: 'Tout âge',
      description: 'Fragilité numérique de l’ensemble de la population : accès au très haut débit, pauvreté, âge, diplôme, chômage, isolement.',
      indicators: [
        w('pct_non_couverture_thd'), w('tx_pauvrete_filosofi2021'), w('pct_65plus'), w('pct_peu_diplomes_15plus'), w('tx_chomage_15_64'),
        w('pct_menages_1pers'),
      ],
    },
    seniors: {
      label: 'Seniors',
      description: 'Fragilité numérique des personnes âgées : l’âge compte double (65 ans ou plus et 75 ans ou plus), avec l’isolement.',
      indicators: [
        w('pct_non_couverture_thd'), w('tx_pauvrete_filosofi2021'), w('pct_65plus'), w('pct_75plus'), w('pct_peu_diplomes_15plus'),
        w('pct_menages_1pers'),
      ],
    },
    jeunes: {
      label: 'Jeunes',
      description: 'Fragilité numérique des jeunes : part des 15–24 ans, leur chômage, les familles monoparentales.',
      indicators: [
        w('pct_non_couverture_thd'), w('tx_pauvrete_filosofi2021'), w('pct_15_24'), w('pct_peu_diplomes_15plus'), w('tx_chomage_15_24'),
        w('pct_fam_monoparentales'),
      ],
    },
  },
  min_weight_share: 0.5,
  aggregate_min_population_share: 0.5,
  illectronism_bands: ILLECTRONISM_BANDS,
  distance_thresholds_km: [10, 20],
  white_zones: { variant: 'tout_age', min_score: 7, min_distance_km: 10, target: 'gratuit_accompagne', epci_min_population_share: 0.5 },
};

export const fingerprintOf = (config: Defaults): string =>
  createHash('sha256')
    .update(JSON.stringify({ ...config, variants: Object.entries(config.variants) }))
    .digest('hex')
    .slice(0, 12);

export const DEFAULT_CONFIG: ObservatoireConfig = { ...DEFAULTS, origin: 'défaut', fingerprint: fingerprintOf(DEFAULTS) };

/** A configuration file that cannot be used: every problem found, each naming its key. */
export class ObservatoireConfigError extends Error {
  constructor(readonly origin: string, readonly problems: readonly string[]) {
    super(`Configuration de l’observatoire invalide (${origin}) :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ObservatoireConfigError';
  }
}

const FILE_KEYS = [
  'version', 'variants', 'min_weight_share', 'aggregate_min_population_share', 'illectronism_rates_pct', 'distance_thresholds_km', 'white_zones',
] as const;
const VARIANT_KEYS = ['label', 'description', 'indicators'] as const;
const WHITE_ZONE_KEYS = ['variant', 'min_score', 'min_distance_km', 'target', 'epci_min_population_share'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown) => {
  const text = typeof v === 'string' ? `« ${v} »` : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};
const list = (values: readonly string[]) => values.map((v) => `« ${v} »`).join(', ');

/**
 * The effective configuration: the defaults with what `json` (the parsed file) overrides.
 *   - variants: each variant given replaces that variant (its indicator list wholly); a new key
 *     adds one (label and indicators required); `null` removes one.
 *   - illectronism_rates_pct: { band key: rate in % } replaces those rates (marked « configuré »).
 *   - white_zones: the keys given replace those.
 * Unknown keys are errors (a typo would otherwise be ignored silently).
 */
export function parseObservatoireConfig(json: unknown, origin: string): ObservatoireConfig {
  const problems: string[] = [];
  if (!isObject(json)) throw new ObservatoireConfigError(origin, [`le fichier doit contenir un objet JSON (reçu ${shown(json)}).`]);
  for (const key of Object.keys(json)) {
    if (!(FILE_KEYS as readonly string[]).includes(key)) problems.push(`clé inconnue « ${key} » (clés possibles : ${list(FILE_KEYS)}).`);
  }

  const share = (key: string, value: unknown, { zeroAllowed }: { zeroAllowed: boolean }): number | undefined => {
    if (typeof value === 'number' && Number.isFinite(value) && value <= 1 && (zeroAllowed ? value >= 0 : value > 0)) return value;
    problems.push(`${key} : une part entre ${zeroAllowed ? '0' : '0 (exclu)'} et 1 est attendue (reçu ${shown(value)}).`);
    return undefined;
  };

  let version = `${DEFAULTS.version}+local`;
  if (json.version !== undefined) {
    if (typeof json.version === 'string' && json.version.trim() !== '') version = json.version.trim();
    else problems.push(`version : un texte non vide est attendu (reçu ${shown(json.version)}).`);
  }

  const variants: Record<string, VariantConfig> = { ...DEFAULTS.variants };
  if (json.variants !== undefined) {
    if (!isObject(json.variants)) problems.push(`variants : un objet { clé de variante: variante } est attendu (reçu ${shown(json.variants)}).`);
    else {
      for (const [key, given] of Object.entries(json.variants)) {
        const at = `variants.${key}`;
        if (!/^[a-z][a-z0-9_]*$/.test(key)) {
          problems.push(`${at} : la clé d’une variante s’écrit en minuscules, chiffres et « _ » (reçu « ${key} »).`);
          continue;
        }
        if (given === null) {
          delete variants[key];
          continue;
        }
        if (!isObject(given)) {
          problems.push(`${at} : un objet { label, description, indicators } ou null est attendu (reçu ${shown(given)}).`);
          continue;
        }
        for (const k of Object.keys(given)) {
          if (!(VARIANT_KEYS as readonly string[]).includes(k)) problems.push(`${at} : clé inconnue « ${k} » (clés possibles : ${list(VARIANT_KEYS)}).`);
        }
        const base = DEFAULTS.variants[key];
        const text = (k: 'label' | 'description'): string | undefined => {
          const v = given[k];
          if (v === undefined) {
            if (base) return base[k];
            if (k === 'description') return '';
            problems.push(`${at}.${k} : obligatoire pour une nouvelle variante.`);
            return undefined;
          }
          if (typeof v === 'string' && v.trim() !== '') return v.trim();
          problems.push(`${at}.${k} : un texte non vide est attendu (reçu ${shown(v)}).`);
          return undefined;
        };
        const label = text('label');
        const description = text('description');
        const indicators = parseIndicators(`${at}.indicators`, given.indicators, base?.indicators, problems);
        if (label !== undefined && description !== undefined && indicators) variants[key] = { label, description, indicators };
      }
      if (Object.keys(variants).length === 0) problems.push('variants : il faut garder au moins une variante de l’indice.');
    }
  }

  const min_weight_share = json.min_weight_share === undefined ? DEFAULTS.min_weight_share : share('min_weight_share', json.min_weight_share, { zeroAllowed: false });
  const aggregate_min_population_share = json.aggregate_min_population_share === undefined
    ? DEFAULTS.aggregate_min_population_share
    : share('aggregate_min_population_share', json.aggregate_min_population_share, { zeroAllowed: true });

  let illectronism_bands = DEFAULTS.illectronism_bands;
  if (json.illectronism_rates_pct !== undefined) {
    const rates = json.illectronism_rates_pct;
    const keys = DEFAULTS.illectronism_bands.map((b) => b.key);
    if (!isObject(rates)) problems.push(`illectronism_rates_pct : un objet { tranche: taux en % } est attendu (reçu ${shown(rates)}).`);
    else {
      for (const [key, rate] of Object.entries(rates)) {
        if (!keys.includes(key)) problems.push(`illectronism_rates_pct.${key} : tranche d’âge inconnue (tranches : ${list(keys)}).`);
        else if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 100) {
          problems.push(`illectronism_rates_pct.${key} : un taux en % entre 0 et 100 est attendu (reçu ${shown(rate)}).`);
        }
      }
      illectronism_bands = DEFAULTS.illectronism_bands.map((b) => {
        const rate = rates[b.key];
        return typeof rate === 'number' ? { ...b, rate_pct: rate, rate_source: 'configuré' as const, rate_note: `Taux fixé par la configuration (${origin}).` } : b;
      });
    }
  }

  let distance_thresholds_km = DEFAULTS.distance_thresholds_km;
  if (json.distance_thresholds_km !== undefined) {
    const given = json.distance_thresholds_km;
    if (!Array.isArray(given) || given.length === 0 || !given.every((d) => typeof d === 'number' && Number.isFinite(d) && d > 0)) {
      problems.push(`distance_thresholds_km : une liste non vide de distances en km (nombres positifs) est attendue (reçu ${shown(given)}).`);
    } else distance_thresholds_km = [...new Set(given as number[])].sort((a, b) => a - b);
  }

  const white_zones: WhiteZoneConfig = { ...DEFAULTS.white_zones };
  if (json.white_zones !== undefined) {
    const given = json.white_zones;
    if (!isObject(given)) problems.push(`white_zones : un objet est attendu (reçu ${shown(given)}).`);
    else {
      for (const k of Object.keys(given)) {
        if (!(WHITE_ZONE_KEYS as readonly string[]).includes(k)) problems.push(`white_zones : clé inconnue « ${k} » (clés possibles : ${list(WHITE_ZONE_KEYS)}).`);
      }
      if (given.variant !== undefined) {
        if (typeof given.variant === 'string') white_zones.variant = given.variant;
        else problems.push(`white_zones.variant : la clé d’une variante est attendue (reçu ${shown(given.variant)}).`);
      }
      if (given.min_score !== undefined) {
        const v = given.min_score;
        if (typeof v === 'number' && Number.isFinite(v) && v >= 1 && v <= 10) white_zones.min_score = v;
        else problems.push(`white_zones.min_score : un score entre 1 et 10 est attendu (reçu ${shown(v)}).`);
      }
      if (given.min_distance_km !== undefined) {
        const v = given.min_distance_km;
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) white_zones.min_distance_km = v;
        else problems.push(`white_zones.min_distance_km : une distance en km, positive ou nulle, est attendue (reçu ${shown(v)}).`);
      }
      if (given.target !== undefined) {
        if ((WHITE_ZONE_TARGETS as readonly unknown[]).includes(given.target)) white_zones.target = given.target as WhiteZoneTarget;
        else problems.push(`white_zones.target : ${list(WHITE_ZONE_TARGETS)} est attendu (reçu ${shown(given.target)}).`);
      }
      if (given.epci_min_population_share !== undefined) {
        const v = share('white_zones.epci_min_population_share', given.epci_min_population_share, { zeroAllowed: false });
        if (v !== undefined) white_zones.epci_min_population_share = v;
      }
    }
  }
  if (Object.keys(variants).length > 0 && !(white_zones.variant in variants)) {
    problems.push(`white_zones.variant : la variante « ${white_zones.variant} » n’existe pas (variantes : ${list(Object.keys(variants))}).`);
  }

  if (problems.length > 0 || min_weight_share === undefined || aggregate_min_population_share === undefined) {
    throw new ObservatoireConfigError(origin, problems);
  }
  const effective: Defaults = {
    version, variants, min_weight_share, aggregate_min_population_share, illectronism_bands, distance_thresholds_km, white_zones,
  };
  return { ...effective, origin, fingerprint: fingerprintOf(effective) };
}

function parseIndicators(
  at: string, given: unknown, base: readonly WeightedIndicator[] | undefined, problems: string[],
): readonly WeightedIndicator[] | undefined {
  if (given === undefined) {
    if (base) return base;
    problems.push(`${at} : obligatoire pour une nouvelle variante.`);
    return undefined;
  }
  if (!Array.isArray(given) || given.length === 0) {
    problems.push(`${at} : une liste non vide de { key, weight } est attendue (reçu ${shown(given)}).`);
    return undefined;
  }
  const out: WeightedIndicator[] = [];
  const seen = new Set<string>();
  let ok = true;
  given.forEach((item, i) => {
    const here = `${at}[${i}]`;
    if (!isObject(item)) {
      problems.push(`${here} : un objet { key, weight } est attendu (reçu ${shown(item)}).`);
      ok = false;
      return;
    }
    for (const k of Object.keys(item)) {
      if (k !== 'key' && k !== 'weight') problems.push(`${here} : clé inconnue « ${k} » (clés possibles : « key », « weight »).`);
    }
    const { key, weight = 1 } = item;
    if (typeof key !== 'string' || !INDICATOR_BY_KEY.has(key)) {
      problems.push(`${here}.key : indicateur inconnu ${shown(key)} (indicateurs connus : ${list([...INDICATOR_BY_KEY.keys()])}).`);
      ok = false;
    } else if (seen.has(key)) {
      problems.push(`${here}.key : l’indicateur « ${key} » figure deux fois dans la variante.`);
      ok = false;
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      problems.push(`${here}.weight : un poids strictement positif est attendu (reçu ${shown(weight)}).`);
      ok = false;
    }
    if (typeof key === 'string') seen.add(key);
    if (ok) out.push({ key: key as IndicatorKey, weight: weight as number });
  });
  return ok ? out : undefined;
}
