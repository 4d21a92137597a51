// Owns bringing a database to a usable state: open it, apply migrations, load territories, and
// on the very first start import the demo dataset (the Auvergne-Rhône-Alpes hub's 687 places).
import { createRequire } from 'node:module';
import { openDb, type Db } from '../platform/db.ts';
import { migrate } from '../platform/migrate.ts';
import { seedTerritories, territoriesLoaded } from '../territoires/seed.ts';
import { importFile } from '../lieux/import/import-file.ts';
import { communePositionsLoaded, loadCommunePositions, sharedCentroidsPath } from '../territoires/commune-positions.ts';
import { loadDemoDatasets } from '../observatoire/datasets/demo.ts';
import type { Config } from './config.ts';

const require = createRequire(import.meta.url);
export const DEMO_DATASET = require.resolve('@gouvfr-anct/cartographie-nationale/assets/data/source.json');
export const DEMO_SOURCE = 'hinaura';

export type Log = (message: string) => void;

export async function openAppDb(config: Config): Promise<Db> {
  return config.databaseUrl
    ? openDb({ backend: 'postgres', url: config.databaseUrl, ...(config.databaseSchema && { schema: config.databaseSchema }) })
    : openDb({ backend: 'pglite', dataDir: config.dataDir });
}

export async function prepareDb(db: Db, options: { seed: boolean; log: Log }): Promise<void> {
  const applied = await migrate(db);
  if (applied.length > 0) options.log(`Migrations appliquées : ${applied.join(', ')}`);
  if (!(await territoriesLoaded(db))) {
    options.log('Chargement des territoires (régions, départements, EPCI, communes)…');
    const { communes, epci } = await seedTerritories(db);
    options.log(`${communes} communes et ${epci} EPCI chargés.`);
  }
  // The observatory's datasets (outlines, census, broadband, commune centroids…): with the demo, each
  // one not loaded yet is loaded from its copy in ../shared/data when there
  // (observatoire/datasets/demo.ts); the centroids so loaded make the step below a no-op.
  if (options.seed) await loadDemoDatasets(db, options.log);
  // Distances from a commune need its point: loaded from the open-data centroids file when it is
  // there (PASSERELLE_COMMUNES_CENTROIDES, or ../shared/data beside the project); without it, a
  // commune's point is the middle of its places (src/orientation/search/search.ts).
  const centroids = sharedCentroidsPath();
  if (centroids && !(await communePositionsLoaded(db))) {
    options.log(`Chargement des positions des communes (${centroids})…`);
    options.log(`${await loadCommunePositions(db, centroids)} communes situées.`);
  }
  if (options.seed && !(await anyImport(db))) {
    options.log('Premier démarrage : import des lieux de démonstration (Hinaura, Auvergne-Rhône-Alpes)…');
    const report = await importFile(db, { path: DEMO_DATASET, source: DEMO_SOURCE, actor: 'system:seed' });
    options.log(`${report.created} lieux importés, ${report.rows_rejected} rejetés.`);
  }
}

async function anyImport(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_runs');
  return (row?.n ?? 0) > 0;
}
