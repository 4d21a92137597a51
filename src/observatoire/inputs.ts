// Owns reading what the observatory's computations take (observatoire/model.ts) from the database:
// the communes (territoires: codes, population légale, inner point) with the values of every
// commune dataset loaded, the visible places of the catalog, and the versions of the datasets.
//
// Values: every numeric column of every commune dataset is a key of CommuneInput.values, under its
// own name (pct_65plus, pct_non_couverture_thd…). A commune the dataset has no row for reads
// { missing: 'missing' }; an empty cell (not published) reads { missing: 'secret' }. When two
// datasets have a column of the same name, the first in the registry's order (then indicator CSVs
// by name) keeps the bare name and the others are read as « dataset:column ».
//
// Places: the catalog's visible places (open or temporarily closed, as the search shows them).
// free = frais_a_charge holds « Gratuit » or « Gratuit sous condition »; accompanied =
// modalites_accompagnement holds « Accompagnement individuel » or « Dans un atelier collectif »:
// a place that only lends equipment (« En autonomie ») or helps only « À distance » does not
// accompany people where they are, and a place that says nothing is not counted as accompanying.
//
// Communes of the collectivités d'outre-mer (zone com) are left out: no dataset covers them.
import { Frais, ModaliteAccompagnement } from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { Db } from '../platform/db.ts';
import { readJsonRows } from '../platform/json-rows.ts';
import { catalog } from '../lieux/catalog/catalog.ts';
import type { CatalogEntry } from '../lieux/catalog/entry.ts';
import type { CommuneInput, DatasetVersion, ObservatoireInputs, PlaceInput, Value } from './model.ts';
import { DATASETS } from './datasets/registry.ts';
import { listStoredDatasets, readCommuneValues, type StoredDataset } from './datasets/store.ts';

const COMMUNE_PARSERS = new Set(['communes-indicateurs', 'comparateur', 'indicateurs-csv']);
const VISIBLE_STATUSES = new Set(['open', 'temporarily_closed']);
const FREE: readonly string[] = [Frais.Gratuit, Frais.GratuitSousCondition];
const ACCOMPANYING: readonly string[] = [ModaliteAccompagnement.AccompagnementIndividuel, ModaliteAccompagnement.DansUnAtelier];
const SECRET: Value = Object.freeze({ missing: 'secret' }) as Value;
const MISSING: Value = Object.freeze({ missing: 'missing' }) as Value;

export async function loadInputs(db: Db): Promise<ObservatoireInputs> {
  const stored = await listStoredDatasets(db);
  const [communes, places] = await Promise.all([loadCommunes(db, stored), loadPlaces(db)]);
  return { communes, places, datasets: stored.map(datasetVersion) };
}

function datasetVersion(d: StoredDataset): DatasetVersion {
  return { name: d.name, title: d.title, version: d.version, source_url: d.source_url, loaded_at: d.loaded_at, rows: d.rows };
}

/** Commune datasets in the order that decides who keeps a column name, with the key of each column. */
export function valueKeys(stored: readonly StoredDataset[]): { dataset: string; keys: [column: string, key: string][] }[] {
  const rank = (name: string) => {
    const i = DATASETS.findIndex((d) => d.name === name);
    return i < 0 ? DATASETS.length : i;
  };
  const ordered = stored.filter((d) => COMMUNE_PARSERS.has(d.parser))
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const taken = new Set<string>();
  return ordered.map((d) => ({
    dataset: d.name,
    keys: d.columns.map((column): [string, string] => {
      const key = taken.has(column) ? `${d.name}:${column}` : column;
      taken.add(key);
      return [column, key];
    }),
  }));
}

type CommuneRow = [code: string, nom: string, departement: string, region: string, epci: string | null, population: number | null, lat: number | null, lon: number | null];

async function loadCommunes(db: Db, stored: readonly StoredDataset[]): Promise<CommuneInput[]> {
  // One JSON array rather than 35,000 rows (platform/json-rows.ts).
  const rows = await readJsonRows<CommuneRow>(db,
    `SELECT json_agg(json_build_array(code, nom, departement_code, region_code, epci_code, population, latitude, longitude) ORDER BY code)::text AS rows
     FROM communes WHERE zone <> 'com'`,
  );
  const datasets = valueKeys(stored);
  const byCode = new Map<string, CommuneInput>();
  const communes = rows.map(([code, nom, departement_code, region_code, epci_code, population, latitude, longitude]) => {
    const values: Record<string, Value> = {};
    for (const d of datasets) for (const [, key] of d.keys) values[key] = MISSING;
    const commune: CommuneInput = { code, nom, departement_code, region_code, epci_code, population: population ?? 0, latitude, longitude, values };
    byCode.set(code, commune);
    return commune;
  });
  for (const d of datasets) {
    for (const [code, row] of await readCommuneValues(db, d.dataset)) {
      const commune = byCode.get(code);
      if (!commune) continue;
      d.keys.forEach(([, key], i) => {
        const v = row[i];
        commune.values[key] = typeof v === 'number' ? v : v === null ? SECRET : MISSING;
      });
    }
  }
  return communes;
}

async function loadPlaces(db: Db): Promise<PlaceInput[]> {
  const snapshot = await catalog(db);
  return snapshot.entries.filter((e) => VISIBLE_STATUSES.has(e.status)).map(placeInput);
}

export function placeInput(e: CatalogEntry): PlaceInput {
  return {
    id: e.id,
    nom: e.nom,
    latitude: e.latitude,
    longitude: e.longitude,
    commune_code: e.commune_code,
    communes_desservies: e.communes_desservies,
    services: e.services,
    free: e.frais_a_charge.some((f) => FREE.includes(f)),
    accompanied: e.modalites_accompagnement.some((m) => ACCOMPANYING.includes(m)),
  };
}
