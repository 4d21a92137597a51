// Owns where the outlines and commune positions are published by their producer: Etalab's
// "contours administratifs" (built from IGN ADMIN EXPRESS), the 2026 edition (COG 2026, the
// platform's geography) simplified to 100 m, gzipped GeoJSON; read by etalab-contours.ts.
import type { OfficialFile, OfficialSource } from './official-parser.ts';
import { parseCommunesCentroides, parseCommunesContours, parseTerritoiresContours } from './etalab-contours.ts';

const BASE = 'https://etalab-datasets.geo.data.gouv.fr/contours-administratifs/2026/geojson';
const PAGE = 'https://www.data.gouv.fr/datasets/contours-administratifs';
const PRODUCER = 'IGN ADMIN EXPRESS, via Etalab contours administratifs';
const VERSION = 'contours administratifs 2026 (COG 2026), simplifiés à 100 m';
const LICENCE = 'Licence Ouverte 2.0';

// Confirmed offline (other projects' code and READMEs): 2026/geojson/communes-100m.geojson.gz.
const COMMUNES: OfficialFile = { role: 'communes', url: `${BASE}/communes-100m.geojson.gz`, title: 'Contours des communes (Etalab, 100 m)' };

export const COMMUNES_CONTOURS_OFFICIAL: OfficialSource = {
  producer: PRODUCER, page: PAGE, version: VERSION, licence: LICENCE,
  files: [COMMUNES],
  parse: parseCommunesContours,
};

export const TERRITOIRES_CONTOURS_OFFICIAL: OfficialSource = {
  producer: PRODUCER, page: PAGE, version: VERSION, licence: LICENCE,
  files: [
    // Not confirmed offline for 2026 (seen for 2024 and 2025; 2026 seen at 50 m and 1000 m): the three URLs below.
    { role: 'departements', url: `${BASE}/departements-100m.geojson.gz`, title: 'Contours des départements (Etalab, 100 m)' },
    { role: 'epci', url: `${BASE}/epci-100m.geojson.gz`, title: 'Contours des EPCI (Etalab, 100 m)' },
    { role: 'regions', url: `${BASE}/regions-100m.geojson.gz`, title: 'Contours des régions (Etalab, 100 m)' },
  ],
  parse: parseTerritoiresContours,
};

export const COMMUNES_CENTROIDES_OFFICIAL: OfficialSource = {
  producer: PRODUCER, page: PAGE, version: VERSION, licence: LICENCE,
  files: [{ ...COMMUNES, title: 'Contours des communes (Etalab, 100 m), dont sont calculés centroïde et point intérieur' }],
  parse: parseCommunesCentroides,
};
