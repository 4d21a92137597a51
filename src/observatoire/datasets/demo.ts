// Owns loading the demo copies of the datasets (../shared/data beside the project, or
// PASSERELLE_DONNEES_DEMO) on a first start: each dataset of the registry not loaded yet whose file
// is there, passage tables first. Later starts cost one query; a dataset loaded by hand (another
// version) is left alone. The commune centroids are left to the start's own step when
// PASSERELLE_COMMUNES_CENTROIDES names another file.
import type { Db } from '../../platform/db.ts';
import { DATASETS, demoDataDir, demoFile } from './registry.ts';
import { loadDataset, DatasetFileError } from './load.ts';
import { communeCodeMapper, type CodeMapper } from './passage.ts';
import { listStoredDatasets } from './store.ts';

export async function loadDemoDatasets(db: Db, log: (message: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const loaded = new Set((await listStoredDatasets(db)).map((d) => d.name));
  const todo = DATASETS.filter((d) => !loaded.has(d.name) && !(d.parser === 'centroides' && env.PASSERELLE_COMMUNES_CENTROIDES));
  if (todo.length === 0) return;
  const dir = demoDataDir(env);
  if (!dir) {
    log(`Observatoire : pas de copie des jeux de données (dossier ../shared/data absent, ou PASSERELLE_DONNEES_DEMO) ; non chargés : ${todo.map((d) => d.name).join(', ')}. Voir passerelle data.`);
    return;
  }
  log(`Observatoire : chargement des jeux de données depuis ${dir}…`);
  const done: string[] = [];
  const absent: string[] = [];
  // The code mapper is read again only after a passage table was loaded.
  let mapper: CodeMapper | undefined;
  for (const entry of todo) {
    const path = demoFile(entry, dir);
    if (!path) {
      absent.push(entry.name);
      continue;
    }
    const changesCodes = entry.parser === 'passage' || entry.parser === 'comparateur';
    try {
      mapper ??= await communeCodeMapper(db);
      const result = await loadDataset(db, { name: entry.name, path, mapper });
      done.push(`${entry.name} (${result.rows.toLocaleString('fr-FR')})`);
    } catch (error) {
      if (!(error instanceof DatasetFileError)) throw error;
      log(`Observatoire : ${entry.name} non chargé : ${error.message}`);
    }
    if (changesCodes) mapper = undefined;
  }
  if (done.length > 0) log(`Observatoire : ${done.length} jeu(x) de données chargé(s) : ${done.join(', ')}.`);
  if (absent.length > 0) log(`Observatoire : fichiers absents de ${dir}, non chargés : ${absent.join(', ')}.`);
}
