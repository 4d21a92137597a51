// Owns where INSEE publishes the files of insee-rp2022-communes and insee-rp2022-iris — the census
// 2022 « bases infracommunales » (IRIS, géographie 2024) and Filosofi 2021 — and which parser
// reads them (insee-base-ic.ts). The addresses were checked against public code that downloads
// them, not against insee.fr itself (no connection where this was written).
import type { OfficialFile, OfficialSource } from './official-parser.ts';
import { parseInseeRpCommunes, parseInseeRpIris, ROLES } from './insee-base-ic.ts';

const FILES = 'https://www.insee.fr/fr/statistiques/fichier';

const CENSUS: readonly OfficialFile[] = [
  { role: ROLES.population, url: `${FILES}/8647014/base-ic-evol-struct-pop-2022_csv.zip`, title: 'Recensement 2022 par IRIS : évolution et structure de la population' },
  { role: ROLES.diplomes, url: `${FILES}/8647010/base-ic-diplomes-formation-2022_csv.zip`, title: 'Recensement 2022 par IRIS : diplômes et formation' },
  { role: ROLES.menages, url: `${FILES}/8647008/base-ic-couples-familles-menages-2022_csv.zip`, title: 'Recensement 2022 par IRIS : couples, familles, ménages' },
  { role: ROLES.activite, url: `${FILES}/8647006/base-ic-activite-residents-2022_csv.zip`, title: 'Recensement 2022 par IRIS : activité des résidents' },
];

const FILOSOFI_COMMUNES: OfficialFile = {
  role: ROLES.filosofiCommunes,
  url: `${FILES}/7756855/indic-struct-distrib-revenu-2021-COMMUNES_csv.zip`,
  title: 'Filosofi 2021 par commune : niveaux de vie et pauvreté (revenus disponibles)',
};

const FILOSOFI_IRIS: OfficialFile = {
  role: ROLES.filosofiIris,
  url: `${FILES}/8229323/BASE_TD_FILO_IRIS_2021_DISP_CSV.zip`,
  title: 'Filosofi 2021 par IRIS : revenus disponibles',
};

const COMMON = {
  producer: 'INSEE, recensement de la population 2022 (bases infracommunales) et Filosofi 2021',
  // The page of the population file; each file has its own (8647010, 8647008, 8647006, 7756855, 8229323).
  page: 'https://www.insee.fr/fr/statistiques/8647014',
  licence: 'Licence Ouverte 2.0',
} as const;

export const INSEE_RP_COMMUNES_OFFICIAL: OfficialSource = {
  ...COMMON,
  version: 'RP 2022 (géographie 2024) · Filosofi 2021 · COG 2026',
  files: [...CENSUS, FILOSOFI_COMMUNES],
  parse: parseInseeRpCommunes,
};

export const INSEE_RP_IRIS_OFFICIAL: OfficialSource = {
  ...COMMON,
  version: 'RP 2022 (IRIS, géographie 2024) · Filosofi 2021 · COG 2026',
  files: [...CENSUS, FILOSOFI_IRIS, FILOSOFI_COMMUNES],
  parse: parseInseeRpIris,
};
