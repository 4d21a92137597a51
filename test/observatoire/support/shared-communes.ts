// Test-only: the observatory's commune inputs built straight from the shared open data
// (../shared/data, never copied into the repository), so the computations can be checked against
// figures worked out by hand from the same files. The product reads its inputs from the database
// (observatoire/inputs.ts); this helper follows the same rules: COG 2026 codes, population légale
// and inner point from geo-france-cog2026, the INSEE RP 2022 commune columns and ARCEP's
// pct_non_couverture_thd under their own names, an empty cell → { missing: 'secret' }, a commune
// absent from a file → { missing: 'missing' } for every column of that file.
//
// The files are well formed (no quoted field, no comma inside a name: checked below), so a split
// on ',' is enough.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { CommuneInput, Level, Value } from '../../../src/observatoire/model.ts';

/** ../shared/data beside the repository (as test/support/paths.ts, without loading the app). */
export const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

const require = createRequire(import.meta.url);

export const CENTROIDS_FILE = `${SHARED_DATA}geo-france-cog2026/communes-centroides-cog2026.csv.gz`;
export const RP_FILE = `${SHARED_DATA}insee-rp2022-iris-communes/communes-indicateurs-rp2022-metro.csv.gz`;
export const ARCEP_FILE = `${SHARED_DATA}arcep-thd-2019/communes-thd-arcep-2019T3-cog2026.csv.gz`;

/** false (run) or the reason to skip, for `test(name, { skip }, …)`. */
export const sharedCommunesSkip: false | string =
  [CENTROIDS_FILE, RP_FILE, ARCEP_FILE].every((f) => existsSync(f)) ? false : 'shared open data (../shared/data) absent';

/** The RP 2022 columns kept as indicator values (every number of the file but the populations and flags). */
export const RP_COLUMNS = [
  'pct_moins15', 'pct_15_24', 'pct_moins25', 'pct_25_54', 'pct_55_64', 'pct_65_79', 'pct_60plus', 'pct_65plus', 'pct_75plus',
  'pct_80plus', 'pct_peu_diplomes_15plus', 'tx_chomage_15_64', 'tx_chomage_15_24', 'pct_menages_1pers', 'pct_fam_monoparentales',
  'pct_etrangers', 'pct_immigres', 'tx_pauvrete_filosofi2021', 'part_pop_couverte_tx_pauvrete', 'revenu_median_uc_2021',
] as const;
export const ARCEP_COLUMNS = ['pct_non_couverture_thd'] as const;

function readCsv(path: string): Map<string, Record<string, string>> {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n');
  const header = lines[0]!.replace(/^\uFEFF/, '').trim().split(',');
  const rows = new Map<string, Record<string, string>>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === '') continue;
    if (line.includes('"')) throw new Error(`${path}:${i + 1} : champ entre guillemets, ce découpage simple ne suffit plus.`);
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`${path}:${i + 1} : ${cells.length} colonnes au lieu de ${header.length}.`);
    const row: Record<string, string> = {};
    header.forEach((h, j) => (row[h] = cells[j]!));
    rows.set(row[header[0]!]!, row);
  }
  return rows;
}

const cell = (row: Record<string, string> | undefined, column: string): Value => {
  if (!row) return { missing: 'missing' };
  const text = row[column];
  if (text === undefined) return { missing: 'missing' };
  if (text === '') return { missing: 'secret' };
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`valeur non numérique « ${text} » (${column})`);
  return n;
};

let cached: CommuneInput[] | undefined;

/** Every commune of the centroids file (metro + DROM, COG 2026), in code order. */
export function loadSharedCommunes(): CommuneInput[] {
  if (cached) return cached;
  const centroids = readCsv(CENTROIDS_FILE);
  const rp = readCsv(RP_FILE);
  const arcep = readCsv(ARCEP_FILE);
  const communes: CommuneInput[] = [];
  for (const [code, c] of centroids) {
    const inner = c.lat_interieur !== '' && c.lon_interieur !== '';
    const centroid = c.lat !== '' && c.lon !== '';
    const values: Record<string, Value> = {};
    for (const k of RP_COLUMNS) values[k] = cell(rp.get(code), k);
    for (const k of ARCEP_COLUMNS) values[k] = cell(arcep.get(code), k);
    communes.push({
      code,
      nom: c.nom!,
      departement_code: c.dep!,
      region_code: c.reg!,
      epci_code: c.epci === '' ? null : c.epci!,
      population: Number(c.population),
      // The inner point; the centroid when the file has only that (14666 Sannerville).
      latitude: inner ? Number(c.lat_interieur) : centroid ? Number(c.lat) : null,
      longitude: inner ? Number(c.lon_interieur) : centroid ? Number(c.lon) : null,
      values,
    });
  }
  communes.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return (cached = communes);
}

/** Names of EPCI, départements and régions from @etalab/decoupage-administratif (as the product's territories tables). */
export function loadTerritoryNames(): Partial<Record<Level, Map<string, string>>> {
  const named = (file: string) =>
    new Map((require(`@etalab/decoupage-administratif/data/${file}`) as { code: string; nom: string }[]).map((t) => [t.code, t.nom]));
  return { epci: named('epci.json'), departement: named('departements.json'), region: named('regions.json') };
}
