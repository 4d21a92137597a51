// Owns the catalogue of the observatory's indicators: each one declared once with its French
// label, unit, source dataset and direction (which way is "more fragile"), under the key its value
// has in CommuneInput.values (the column name of the source file). Pages, exports and the method
// text take labels from here; the index configuration (config.ts) may only name these keys.
// Pure data, no I/O.

/** `higher`: a higher value means a more fragile territory (poverty rate); `lower`: the reverse (median income). */
export type Direction = 'higher' | 'lower';

export type IndicatorDefinition = {
  key: string;
  label: string;
  /** Short label for table headers and map legends. */
  short_label: string;
  unit: '%' | '€';
  /** Name of the dataset that provides it (DatasetVersion.name, as observatoire/datasets/registry.ts names it). */
  dataset: string;
  /** Where the number comes from, in French, as the method section shows it. */
  source: string;
  direction: Direction;
  /** Known limits of this indicator, in French (shown with the method). */
  limits?: string;
};

export const DATASET_RP = 'insee-rp2022-communes';
export const DATASET_ARCEP = 'arcep-thd';

const RP = 'INSEE, recensement de la population 2022 (base IRIS), agrégé par commune (COG 2026)';
const FILOSOFI = 'INSEE, Filosofi 2021, par commune (COG 2026)';

const define = <const K extends string>(key: K, d: Omit<IndicatorDefinition, 'key'>): IndicatorDefinition & { key: K } => ({ key, ...d });

export const INDICATORS = [
  define('pct_non_couverture_thd', {
    label: 'Part des locaux sans accès à un débit d’au moins 30 Mbit/s',
    short_label: 'Sans très haut débit',
    unit: '%',
    dataset: DATASET_ARCEP,
    source: 'ARCEP, « Ma connexion internet », statistiques par commune (logements et locaux professionnels ; la date des données est celle de la version chargée)',
    direction: 'higher',
    limits: 'Le fichier de démonstration date du 30 septembre 2019 : le déploiement de la fibre a beaucoup progressé depuis (passerelle data fetch arcep-thd charge la dernière publication, hors satellite). Part des locaux, pondérée ici par la population pour les agrégats.',
  }),
  define('pct_65plus', {
    label: 'Part des personnes de 65 ans ou plus', short_label: '65 ans ou plus', unit: '%', dataset: DATASET_RP, source: RP, direction: 'higher',
  }),
  define('pct_75plus', {
    label: 'Part des personnes de 75 ans ou plus', short_label: '75 ans ou plus', unit: '%', dataset: DATASET_RP, source: RP, direction: 'higher',
  }),
  define('pct_15_24', {
    label: 'Part des personnes de 15 à 24 ans', short_label: '15–24 ans', unit: '%', dataset: DATASET_RP, source: RP, direction: 'higher',
  }),
  define('pct_peu_diplomes_15plus', {
    label: 'Part des personnes de 15 ans ou plus non scolarisées sans diplôme ou peu diplômées (au plus BEPC, CAP ou BEP)',
    short_label: 'Pas ou peu diplômés',
    unit: '%',
    dataset: DATASET_RP,
    source: RP,
    direction: 'higher',
  }),
  define('tx_pauvrete_filosofi2021', {
    label: 'Taux de pauvreté (seuil à 60 % du niveau de vie médian)',
    short_label: 'Taux de pauvreté',
    unit: '%',
    dataset: DATASET_RP,
    source: FILOSOFI,
    direction: 'higher',
    limits: 'Publié seulement pour les communes de plus d’environ 1 000 ménages (secret statistique ailleurs) : absent pour la plupart des petites communes.',
  }),
  define('revenu_median_uc_2021', {
    label: 'Revenu disponible médian par unité de consommation',
    short_label: 'Revenu médian',
    unit: '€',
    dataset: DATASET_RP,
    source: FILOSOFI,
    direction: 'lower',
    limits: 'Moyenne des médianes communales pondérée par la population pour les agrégats : une approximation, pas la médiane du territoire.',
  }),
  define('tx_chomage_15_64', {
    label: 'Taux de chômage des 15–64 ans (au sens du recensement)',
    short_label: 'Chômage 15–64 ans',
    unit: '%',
    dataset: DATASET_RP,
    source: RP,
    direction: 'higher',
  }),
  define('tx_chomage_15_24', {
    label: 'Taux de chômage des 15–24 ans (au sens du recensement)',
    short_label: 'Chômage 15–24 ans',
    unit: '%',
    dataset: DATASET_RP,
    source: RP,
    direction: 'higher',
    limits: 'Peu d’actifs de 15 à 24 ans dans les petites communes : valeur très variable (souvent 0 % ou 100 %).',
  }),
  define('pct_menages_1pers', {
    label: 'Part des ménages d’une seule personne', short_label: 'Ménages d’une personne', unit: '%', dataset: DATASET_RP, source: RP, direction: 'higher',
  }),
  define('pct_fam_monoparentales', {
    label: 'Part des familles monoparentales', short_label: 'Familles monoparentales', unit: '%', dataset: DATASET_RP, source: RP, direction: 'higher',
  }),
] as const satisfies readonly IndicatorDefinition[];

export type IndicatorKey = (typeof INDICATORS)[number]['key'];

export const INDICATOR_BY_KEY: ReadonlyMap<string, IndicatorDefinition> = new Map(INDICATORS.map((i) => [i.key, i]));

export const isIndicatorKey = (key: string): key is IndicatorKey => INDICATOR_BY_KEY.has(key);
