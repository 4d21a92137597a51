// Owns the list of the observatory's datasets: for each, its name on the command line, its French
// title, where its figures come from, its licence, the version Passerelle knows (with the sha256
// of that file, so a download is checked), the file name and the parser that reads it.
//
// The files Passerelle reads are derived from the producers' open data (COG 2026 codes, one row
// per commune; how each was built is in ../shared/data/*/SOURCE.md). `source_url` points to the
// exact upstream file or commit the figures were taken from; the derived file itself is fetched
// from a mirror laid out like ../shared/data (PASSERELLE_DONNEES_URL, or --url). Without either,
// `data fetch` downloads the producer's own files (official/sources.ts), read into the same columns.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ParserName = 'centroides' | 'topojson' | 'communes-indicateurs' | 'iris-indicateurs' | 'comparateur' | 'passage' | 'indicateurs-csv';

export type DatasetEntry = {
  name: string;
  title: string;
  producer: string;
  licence: string;
  /** The version of the figures in the file Passerelle knows (the one whose sha256 is pinned). */
  version: string;
  /** sha256 of that file, as downloaded (the .gz itself when gzipped). */
  sha256?: string;
  /** Where the figures come from: the upstream file or commit (shown with every figure). */
  source_url: string;
  /** The file's path in a mirror laid out like ../shared/data (and in that folder). */
  file: string;
  parser: ParserName;
  /** Commune datasets: the column holding the commune code (and the COG 2026 code when the file maps it itself). */
  code_column?: string;
  code_2026_column?: string;
  /** Commune datasets: the weight of rates when communes are merged (see passage.ts). */
  weight_column?: string;
  /** Numeric columns that are not indicators (coordinates…), left out. */
  exclude?: readonly string[];
  /** TopoJSON: the layers the file must hold. */
  layers?: readonly string[];
};

/** The loader of any indicator CSV keyed by INSEE code, under a name given on the command line. */
export const GENERIC_PARSER = 'indicateurs-csv';

const DATAFORGOOD = 'https://github.com/dataforgoodfr/batch8_mednum/blob/d334a4a69e039bbb9097aae3a68b3c7a3bd30a14/data/raw/commune-debit-beta.csv';
const PTOD = 'https://github.com/vincentroue/ptod-observatoire-territorial/tree/00822a7586b9f3f85b09b09d05383c1ccc9d6ce7/src/data';
const FRANCE_GEOJSON = 'https://github.com/gregoiredavid/france-geojson/tree/5d34ee6d0140c29f785fdb047d9329f1aab58833/departements';
const DATAS_FUN = 'https://github.com/rcarlier/datas.fun/blob/b9874080432e11b943e93aeae75ee372a024697b/France/communes.csv';
const DECOUPAGE = 'https://www.npmjs.com/package/@etalab/decoupage-administratif/v/6.0.0';

/**
 * In loading order: the passage tables first (the commune datasets are mapped through them),
 * then the rest. The order also decides which dataset's column wins when two use the same name.
 */
export const DATASETS: readonly DatasetEntry[] = [
  {
    name: 'passage-communes',
    title: 'Table de passage des codes communes 2018 → 2026',
    producer: 'Passerelle, d’après @etalab/decoupage-administratif 6.0.0 (COG 2026) et IGN ADMIN EXPRESS 2018',
    licence: 'Licence Ouverte 2.0',
    version: 'COG 2018 → COG 2026',
    sha256: '39ddcadc98bee0457fe4c5228bf4d73568693c33ca73503e1cd68bbc7f972bb7',
    source_url: DECOUPAGE,
    file: 'geo-france-cog2026/passage-communes-2018-vers-2026.csv.gz',
    parser: 'passage',
  },
  {
    name: 'insee-comparateur',
    title: 'Comparateur de territoires INSEE (communes COG 2024)',
    producer: 'INSEE, base du comparateur de territoires (27/06/2024), COG 2024 ; via rcarlier/datas.fun',
    licence: 'Licence Ouverte 2.0 (chiffres INSEE) ; dépôt sans licence',
    version: 'comparateur 2024 (population 2021) · COG 2024',
    sha256: '56e92f032eecd7f57e6cc8ef3f2ea1d492bacf5f9ca68c4fab17c8aa84dd3d40',
    source_url: DATAS_FUN,
    file: 'insee-comparateur-cog2024/communes-cog2024-comparateur-insee.csv.gz',
    parser: 'comparateur',
    code_column: 'code_insee_2024',
    code_2026_column: 'code_insee_2026',
    weight_column: 'pop_2021',
    exclude: ['lat', 'lon'],
  },
  {
    name: 'communes-centroides',
    title: 'Point intérieur et centroïde des communes (COG 2026)',
    producer: 'Passerelle, d’après IGN ADMIN EXPRESS COG 2018 (france-geojson) et @etalab/decoupage-administratif 6.0.0',
    licence: 'Licence Ouverte 2.0',
    version: 'COG 2026 (contours 2018)',
    sha256: 'b3e858b8cd2a326401201098f9ce432b6cc819ee3431abd323a2857f01628b9e',
    source_url: FRANCE_GEOJSON,
    file: 'geo-france-cog2026/communes-centroides-cog2026.csv.gz',
    parser: 'centroides',
  },
  {
    name: 'communes-contours',
    title: 'Contours simplifiés des communes (COG 2026)',
    producer: 'Passerelle, d’après IGN ADMIN EXPRESS COG 2018 simplifié (gregoiredavid/france-geojson)',
    licence: 'Licence Ouverte 2.0',
    version: 'COG 2026 (contours 2018, simplifiés 8 %)',
    sha256: '1f191c3f28f8e3745f8f1dcac1508b908946fbea2694e488e50202d6d5494422',
    source_url: FRANCE_GEOJSON,
    file: 'geo-france-cog2026/communes-cog2026.topojson.gz',
    parser: 'topojson',
    layers: ['communes'],
  },
  {
    name: 'territoires-contours',
    title: 'Contours simplifiés des départements, EPCI et régions (COG 2026)',
    producer: 'Passerelle, d’après IGN ADMIN EXPRESS COG 2018 simplifié (gregoiredavid/france-geojson)',
    licence: 'Licence Ouverte 2.0',
    version: 'COG 2026 (contours 2018, simplifiés 4 %)',
    sha256: '39d240da659d2ce52932301c21c840beb5979cce2d7b2034d46ec4456ab11bec',
    source_url: FRANCE_GEOJSON,
    file: 'geo-france-cog2026/territoires-cog2026.topojson',
    parser: 'topojson',
    layers: ['departements', 'epci', 'regions'],
  },
  {
    name: 'insee-rp2022-communes',
    title: 'Indicateurs socio-démographiques par commune (recensement 2022, Filosofi 2021)',
    producer: 'INSEE, recensement de la population 2022 (base IRIS) et Filosofi 2021 ; agrégé par ptod-observatoire-territorial',
    licence: 'Licence Ouverte 2.0 (chiffres INSEE) ; dépôt sans licence',
    version: 'RP 2022 · Filosofi 2021 · COG 2026',
    sha256: '84b971e02c1ffa8963b12b4e86c917c71ccd06d4f00d745e6eb313028732749f',
    source_url: PTOD,
    file: 'insee-rp2022-iris-communes/communes-indicateurs-rp2022-metro.csv.gz',
    parser: 'communes-indicateurs',
    code_column: 'code_insee',
    weight_column: 'pop_rp2022',
  },
  {
    name: 'insee-rp2022-iris',
    title: 'Indicateurs socio-démographiques par IRIS (recensement 2022, Filosofi 2021)',
    producer: 'INSEE, recensement de la population 2022 (base IRIS) et Filosofi 2021 ; via ptod-observatoire-territorial',
    licence: 'Licence Ouverte 2.0 (chiffres INSEE) ; dépôt sans licence',
    version: 'RP 2022 · Filosofi 2021 · IRIS 2025 · COG 2026',
    sha256: '8e5383640414bfbf3ca6eff67c4381c183be5034010deab8f1daed7c1955442f',
    source_url: PTOD,
    file: 'insee-rp2022-iris-communes/iris-indicateurs-rp2022-metro.csv.gz',
    parser: 'iris-indicateurs',
  },
  {
    name: 'arcep-thd',
    title: 'Éligibilité au haut et très haut débit fixe par commune (ARCEP, « Ma connexion internet »)',
    producer: 'ARCEP, « Ma connexion internet » (statistiques communales, bêta) ; via dataforgoodfr/batch8_mednum',
    licence: 'Licence Ouverte 2.0 (ARCEP) ; dépôt MIT',
    version: '2019 T3 · COG 2026',
    sha256: '2ff0d36aaacd8d9136e7eae80d848adc7fe82ad761496e766315907be8355bb6',
    source_url: DATAFORGOOD,
    file: 'arcep-thd-2019/communes-thd-arcep-2019T3-cog2026.csv.gz',
    parser: 'communes-indicateurs',
    code_column: 'code_insee',
    // shares of premises: weighted by the premises counted
    weight_column: 'nbr',
  },
];

export function datasetEntry(name: string): DatasetEntry | undefined {
  return DATASETS.find((d) => d.name === name);
}

/** A name for an indicator CSV: lower-case letters, digits and dashes, not a registry name. */
export function genericNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(name)) {
    return `Le nom « ${name} » ne convient pas : utilisez des lettres minuscules sans accent, des chiffres et des tirets (par exemple « chomage-2023 »).`;
  }
  if (datasetEntry(name) || name === GENERIC_PARSER) return `Le nom « ${name} » est celui d’un jeu de données connu : choisissez-en un autre.`;
  return undefined;
}

/** ../shared/data beside the project (the demo copies), or PASSERELLE_DONNEES_DEMO. */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

export function demoDataDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.PASSERELLE_DONNEES_DEMO ?? SHARED_DATA_DIR;
  return existsSync(dir) ? dir : undefined;
}

/** The demo copy of a dataset, when the folder holds it. */
export function demoFile(entry: DatasetEntry, dir = demoDataDir()): string | undefined {
  if (!dir) return undefined;
  const path = join(dir, entry.file);
  return existsSync(path) ? path : undefined;
}

/** The address of Passerelle's file of a dataset in the mirror PASSERELLE_DONNEES_URL, if one is set. */
export function downloadUrl(entry: DatasetEntry, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mirror = env.PASSERELLE_DONNEES_URL;
  if (!mirror) return undefined;
  return new URL(entry.file, mirror.endsWith('/') ? mirror : `${mirror}/`).href;
}
