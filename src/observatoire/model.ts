// Owns the shapes the observatory (issue 5) passes between its parts, so they can be built and
// tested apart: the inputs (communes with their public indicators, places) that the datasets
// module reads from the database, and the figures the computations produce for the pages, the
// exports and the API. Pure types, no I/O.

export const LEVELS = ['commune', 'epci', 'departement', 'region'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * One indicator value of a territory: a number, or why there is none. `secret`: the source does
 * not publish it (INSEE statistical secrecy); `missing`: the source has no row or no column for
 * it. Never read either as zero.
 */
export type Value = number | { missing: 'secret' | 'missing' };

/** A commune as the computations need it (COG 2026 codes, after the passage table). */
export type CommuneInput = {
  code: string;
  nom: string;
  departement_code: string;
  region_code: string;
  epci_code: string | null;
  /** Population légale (COG 2026), the weight of every aggregation. */
  population: number;
  /** The commune's inner point (geo-france-cog2026 `lat_interieur`/`lon_interieur`), null when unknown. */
  latitude: number | null;
  longitude: number | null;
  /**
   * Indicator values by key (see observatoire/indicators catalogue), e.g. pct_65plus,
   * pct_non_couverture_thd, tx_pauvrete; shares and rates in 0–100.
   */
  values: Record<string, Value>;
};

/** A place as coverage needs it: where it is, which communes it serves, what it offers. */
export type PlaceInput = {
  id: string;
  nom: string;
  latitude: number | null;
  longitude: number | null;
  commune_code: string | null;
  /** Communes an itinerant service visits: it counts for them too. */
  communes_desservies: readonly string[];
  services: readonly string[];
  /** Free of charge (frais_a_charge "Gratuit" or "Gratuit sous condition"). */
  free: boolean;
  /** Offers accompaniment (modalites_accompagnement other than "À distance" only / autonomy). */
  accompanied: boolean;
};

/** Where a dataset came from, shown with every figure it feeds. */
export type DatasetVersion = { name: string; title: string; version: string; source_url: string; loaded_at: string; rows: number };

export type ObservatoireInputs = {
  communes: readonly CommuneInput[];
  places: readonly PlaceInput[];
  datasets: readonly DatasetVersion[];
};
