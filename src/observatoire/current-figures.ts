// Owns the observatory's figures of one database as the pages, exports and API read them: computed
// once from the database (inputs.ts → figures.ts) and kept per database handle, keyed by the
// version of the places (the catalog's lieux_version), the datasets loaded (name, sha256, time of
// loading) and the configuration's fingerprint. Like the catalog (decision 008) it is a read
// model, never the source of truth: every read asks for the places' version and the datasets'
// list first (two small queries), and recomputes when either changed, so a second process sees a
// new import or a new dataset on its next read. Reads that arrive while a computation runs share it.
import { createHash } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import { catalog, type CatalogSnapshot } from '../lieux/catalog/catalog.ts';
import { listStoredDatasets, type StoredDataset } from './datasets/store.ts';
import { loadInputs } from './inputs.ts';
import { computeFigures, type ObservatoireFigures } from './figures.ts';
import { loadObservatoireConfig } from './indicators/config-file.ts';
import type { ObservatoireConfig } from './indicators/config.ts';
import type { Level } from './model.ts';
import type { TerritoryNames } from './aggregate.ts';

/** The parsers whose datasets give communes their indicator values (as inputs.ts reads them). */
const VALUE_PARSERS = new Set(['communes-indicateurs', 'comparateur', 'indicateurs-csv']);
/** The datasets holding the outlines of each map layer (registry names). */
export const OUTLINE_DATASETS = { commune: 'communes-contours', epci: 'territoires-contours', departement: 'territoires-contours', region: 'territoires-contours' } as const;
/** The layer of each level inside those TopoJSON files. */
export const OUTLINE_LAYERS: Readonly<Record<Level, string>> = { commune: 'communes', epci: 'epci', departement: 'departements', region: 'regions' };

export type CurrentFigures =
  | { status: 'empty'; stored: readonly StoredDataset[] }
  | {
    status: 'ready';
    figures: ObservatoireFigures;
    /** 12 hex digits naming this state of the figures (for ETags and versioned URLs). */
    version: string;
    stored: readonly StoredDataset[];
    /** The places of the catalog the figures were computed with (names of the nearest places). */
    places: CatalogSnapshot;
  };

type Ready = Extract<CurrentFigures, { status: 'ready' }>;
type State = { key?: string; value?: Ready; pending?: { key: string; promise: Promise<Ready> } };
const states = new WeakMap<Db, State>();

let defaultConfig: ObservatoireConfig | undefined;
/** The configuration of PASSERELLE_IFN_CONFIG (or the defaults), read once per process. */
export function observatoireConfig(): ObservatoireConfig {
  return (defaultConfig ??= loadObservatoireConfig());
}

export async function currentFigures(db: Db, config: ObservatoireConfig = observatoireConfig()): Promise<CurrentFigures> {
  const [snapshot, stored] = await Promise.all([catalog(db), listStoredDatasets(db)]);
  if (!stored.some((d) => VALUE_PARSERS.has(d.parser))) return { status: 'empty', stored };
  const key = [snapshot.version, config.fingerprint, ...stored.map((d) => `${d.name}:${d.sha256}:${d.loaded_at}`)].join('|');
  let state = states.get(db);
  if (!state) states.set(db, (state = {}));
  if (state.key === key && state.value) return state.value;
  if (state.pending?.key === key) return state.pending.promise;
  const s = state;
  // The inputs are read after the key: they are at least as new as it, never older. A result
  // newer than its key is only recomputed once more on the next read.
  const promise = compute(db, config, key, stored).then((value) => {
    s.key = key;
    s.value = value;
    return value;
  }).finally(() => {
    if (s.pending?.promise === promise) s.pending = undefined;
  });
  s.pending = { key, promise };
  return promise;
}

async function compute(db: Db, config: ObservatoireConfig, key: string, stored: readonly StoredDataset[]): Promise<Ready> {
  const [inputs, names, places] = await Promise.all([loadInputs(db), territoryNames(db), catalog(db)]);
  const figures = computeFigures({ ...inputs, names }, config);
  return { status: 'ready', figures, version: createHash('sha256').update(key).digest('hex').slice(0, 12), stored, places };
}

/** Names of the EPCI, départements and régions (communes carry theirs in the inputs). */
async function territoryNames(db: Db): Promise<TerritoryNames> {
  const read = async (table: 'epci' | 'departements' | 'regions') =>
    new Map((await db.query<{ code: string; nom: string }>(`SELECT code, nom FROM ${table}`)).map((r) => [r.code, r.nom]));
  const [epci, departement, region] = await Promise.all([read('epci'), read('departements'), read('regions')]);
  return { epci, departement, region };
}

/** The stored outline dataset of a level, when loaded. */
export function outlineDataset(stored: readonly StoredDataset[], level: Level): StoredDataset | undefined {
  return stored.find((d) => d.name === OUTLINE_DATASETS[level]);
}
