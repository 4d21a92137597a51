// The observatory's pages, exports and API over HTTP (app.inject), on a test database holding the
// demo places and the datasets loaded from ../shared/data by the datasets module's own loader
// (skipped when that folder is absent): the table without JavaScript, the territory sheet of
// Échirolles with its score components and absent values named, the comparison, the white zones,
// CSV and XLSX that read back, GeoJSON layers, the JSON API, and the page saying what to load when
// nothing is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { loadDemoDatasets } from '../../src/observatoire/datasets/demo.ts';
import { DATASETS, demoFile } from '../../src/observatoire/datasets/registry.ts';
import { currentFigures } from '../../src/observatoire/current-figures.ts';
import type { Db } from '../../src/platform/db.ts';
import { openTestDb } from '../support/test-db.ts';
import { DEMO_DATASET, SHARED_DATA } from '../support/paths.ts';

const sharedSkip: false | string = DATASETS.every((d) => demoFile(d, SHARED_DATA)) ? false : 'shared open data (../shared/data) absent: observatory pages not tested';
const withData = { skip: sharedSkip, timeout: 120_000 };

let db: Db;
let app: FastifyInstance;
before(async () => {
  if (sharedSkip) return;
  db = await openTestDb();
  await importFile(db, { path: DEMO_DATASET, source: 'hinaura', actor: 'test' });
  await loadDemoDatasets(db, () => undefined, { ...process.env, PASSERELLE_DONNEES_DEMO: SHARED_DATA });
  app = await buildServer(db);
});
after(async () => {
  await app?.close();
  await db?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, '’').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const rowOf = (body: string, label: string) => {
  const row = body.split('<tr>').find((r) => text(r).includes(label));
  assert.ok(row, `a row « ${label} »`);
  return text(row!.split('</tr>')[0]!).trim();
};

async function readXlsx(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A CSV of ours: BOM, `;`, CRLF; quoted cells (with ; or ") are read back too. */
function parseCsv(body: string): string[][] {
  assert.ok(body.startsWith('\uFEFF'), 'UTF-8 BOM');
  const rows: string[][] = [];
  for (const line of body.slice(1).split('\r\n').filter((l) => l !== '')) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ';') { cells.push(cell); cell = ''; } else cell += c;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

test('without any dataset, the observatory says in French what to load, and the API answers 503', async () => {
  const empty = await openTestDb();
  const emptyApp = await buildServer(empty);
  try {
    const page = await emptyApp.inject({ url: '/observatoire' });
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /<h1>Observatoire : aucune donnée chargée<\/h1>/);
    assert.match(page.body, /npm run passerelle -- data load NOM FICHIER/);
    assert.match(page.body, /<code>insee-rp2022-communes<\/code>/);
    const fiche = await emptyApp.inject({ url: '/observatoire/commune/38151' });
    assert.equal(fiche.statusCode, 503);
    const api = await emptyApp.inject({ url: '/api/v1/observatoire/commune/38151' });
    assert.equal(api.statusCode, 503);
    assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(api.json().detail, /data load/);
  } finally {
    await emptyApp.close();
    await empty.close();
  }
});

test('the figures are computed once per version of the places and datasets, and again after a change', withData, async () => {
  const first = await currentFigures(db);
  assert.equal(first.status, 'ready');
  assert.equal(await currentFigures(db), first, 'same state, same figures');
  const [a, b] = await Promise.all([currentFigures(db), currentFigures(db)]);
  assert.equal(a, b);
  await db.query(`UPDATE lieux SET nom = nom || ' ' WHERE id = (SELECT id FROM lieux ORDER BY id LIMIT 1)`);
  const after = await currentFigures(db);
  assert.notEqual(after, first, 'a write to the places is seen on the next read');
  assert.notEqual(after.status === 'ready' && after.version, first.status === 'ready' && first.version);
  await db.query(`UPDATE lieux SET nom = rtrim(nom) WHERE id = (SELECT id FROM lieux ORDER BY id LIMIT 1)`);
});

test('without JavaScript: the table of the départements, sortable by links, 50 a page, with the method and the notice « inspiré de l’IFN »', withData, async () => {
  const response = await get('/observatoire');
  assert.equal(response.statusCode, 200);
  const body = response.body;
  assert.match(body, /<title>Observatoire : Score tout âge, par département — Passerelle<\/title>/);
  assert.match(body, /Indice de fragilité numérique inspiré de l’IFN/);
  assert.match(body, /ce n’est pas l’indice officiel/);
  assert.match(body, /<h2 id="methode">Méthode, sources et limites<\/h2>/);
  assert.match(body, /La couverture très haut débit date de 2019/);
  assert.match(body, /Éligibilité au haut et très haut débit fixe par commune/, 'the datasets are named');
  assert.ok(!/indice officiel (de|du)/i.test(text(body).replace('ce n’est pas l’indice officiel', '')), 'never called the official index');
  assert.equal((body.match(/<tr><th scope="row"><a href="\/observatoire\/departement\//g) ?? []).length, 50);
  assert.match(body, /<th scope="col" class="num" aria-sort="descending"><a href="\/observatoire\?tri=valeur&amp;ordre=asc">Valeur \(sur 10\)/);
  assert.match(body, /Page 1 sur 3/);
  assert.match(body, /<form method="get" action="\/observatoire" class="obs-form">/);
  // The most fragile first; absent values (overseas: no census file) last, named, never 0.
  const last = text((await get('/observatoire?page=3')).body);
  assert.match(last, /Absente Sans décile (Absent de la source|Non publié \(secret statistique\)|Non calculé)/);
  const byName = await get('/observatoire?tri=nom&ordre=asc');
  assert.match(byName.body, /<tbody>\s*<tr><th scope="row"><a href="\/observatoire\/departement\/01">Ain<\/a>/);
  // The map is announced, and only its script is on the page.
  assert.match(body, /<section id="obs-carte"[^>]* data-contours="\/observatoire\/carte\/departement\.geojson\?v=[0-9a-f]{12}"/);
  assert.match(body, /<script src="\/assets\/observatoire\.[0-9a-f]{12}\.js" defer><\/script>/);
  assert.match(body, /La carte a besoin de JavaScript. Le tableau ci-dessous donne les mêmes valeurs./);
  assert.ok(!body.includes('<script src="/assets/leaflet'), 'the map library is loaded by the script, not by the page');
});

test('communes are listed by département; the map of communes asks for one', withData, async () => {
  const france = await get('/observatoire?niveau=commune&indicateur=tx_pauvrete_filosofi2021');
  assert.equal(france.statusCode, 200);
  assert.match(france.body, /Pour voir la carte des communes, choisissez un département/);
  assert.ok(!france.body.includes('observatoire.'.concat('')) || !/assets\/observatoire\.[0-9a-f]{12}\.js/.test(france.body), 'no map script without a map');
  const isere = await get('/observatoire?niveau=commune&departement=38&indicateur=tx_pauvrete_filosofi2021&tri=nom&ordre=asc');
  assert.match(isere.body, /512 communes du département Isère \(38\)/);
  assert.match(isere.body, /data-contours="\/observatoire\/carte\/commune\.geojson\?departement=38&amp;v=/);
  assert.equal(rowOf(isere.body, 'Agnin'), 'Agnin 38003 1 245 Absente Sans décile Non publié (secret statistique)');
  const unknown = await get('/observatoire?niveau=canton&indicateur=rien');
  assert.match(unknown.body, /L’échelon « canton » n’existe pas/);
  assert.match(unknown.body, /L’indicateur « rien » n’existe pas/);
});

test('the sheet of Échirolles: population by age (chart and table), score components with deciles, people far from digital, places, sources', withData, async () => {
  const response = await get('/observatoire/commune/38151');
  assert.equal(response.statusCode, 200);
  const body = response.body;
  const all = text(body);
  assert.match(body, /<h1>Échirolles <span class="obs-level">commune 38151<\/span><\/h1>/);
  assert.match(all, /37 491 habitants \(population légale, COG 2026\)/);
  assert.match(all, /Fait partie de : Grenoble-Alpes-Métropole \(EPCI\), Isère \(département\)/);
  assert.match(all, /Indice de fragilité numérique inspiré de l’IFN/);
  assert.equal(rowOf(body, 'Tout âge'), 'Tout âge 6,7 8 100 %');
  assert.equal(rowOf(body, 'Taux de pauvreté'), 'Taux de pauvreté (seuil à 60 % du niveau de vie médian) 24,0 % 10 1 1 1');
  assert.equal(rowOf(body, 'Part des personnes de 15 à 24 ans'), 'Part des personnes de 15 à 24 ans 13,3 % 10 — — 1');
  // The chart is an image named and described, with the same figures in a table.
  assert.match(body, /<svg class="obs-chart" id="graphique-ages" role="img" aria-labelledby="graphique-ages-titre graphique-ages-desc"/);
  assert.match(body, /<title id="graphique-ages-titre">Population par âge — Échirolles<\/title>/);
  assert.match(body, /<desc id="graphique-ages-desc">Part de chaque tranche d’âge dans la population : Moins de 15 ans 20,5 %/);
  assert.equal(rowOf(body, '75 ans ou plus 3'), '75 ans ou plus 3 839 10,2 %');
  assert.match(all, /Environ 4 541 personnes de 15 ans ou plus, soit 15,2 %/);
  assert.match(rowOf(body, '65 à 74 ans 3 412 31,5'), /65 à 74 ans 3 412 31,5 % dérivé 1 075/);
  assert.match(all, /Attention : estimation par l’âge seulement/);
  // Places: counts per kind, the nearest one, a link to the search; none anywhere is said so.
  assert.match(rowOf(body, 'Aide aux démarches administratives'), /^Aide aux démarches administratives 2 1,1 km \S/);
  assert.match(body, /href="\/recherche\?ou=%C3%89chirolles&amp;commune=38151&amp;services=Aide\+aux\+d%C3%A9marches\+administratives"/);
  assert.match(rowOf(body, 'Insertion professionnelle'), /Insertion professionnelle via le numérique 0 Aucun lieu de ce type connu/);
  assert.match(all, /Aucune commune ni intercommunalité de ce territoire ne remplit les critères de zone blanche/);
  assert.match(all, /Sources .*Indicateurs socio-démographiques par commune \(recensement 2022, Filosofi 2021\) \(RP 2022 · Filosofi 2021 · COG 2026, chargé le/);
  assert.ok(!body.includes('leaflet') && !/assets\/observatoire\.[0-9a-f]{12}\.js/.test(body), 'no map library nor map script on a sheet');
});

test('an absent value is named on the sheet (statistical secrecy), never shown as 0', withData, async () => {
  const body = (await get('/observatoire/commune/38002')).body;
  assert.match(rowOf(body, 'Taux de pauvreté'), /^Taux de pauvreté \(seuil à 60 % du niveau de vie médian\) Non publié \(secret statistique\) Sans décile 1 1 1$/);
  const api = (await get('/api/v1/observatoire/commune/38002')).json();
  assert.deepEqual(api.data.indicators.tx_pauvrete_filosofi2021, { ...api.data.indicators.tx_pauvrete_filosofi2021, value: null, missing: 'secret', decile: null });
});

test('sheets of an EPCI, a département and a région; an unknown code is a French 404', withData, async () => {
  const epci = await get('/observatoire/epci/200040715');
  assert.equal(epci.statusCode, 200);
  assert.match(epci.body, /<h1>Grenoble-Alpes-Métropole/);
  assert.match(text(epci.body), /49 communes/);
  assert.match(text(epci.body), /Distance moyenne au plus proche/);
  assert.equal((await get('/observatoire/departement/38')).statusCode, 200);
  assert.equal((await get('/observatoire/region/84')).statusCode, 200);
  const unknown = await get('/observatoire/commune/99999');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /Aucune commune n’a le code « 99999 »/);
  assert.equal((await get('/observatoire/canton/1')).statusCode, 404);
});

test('CSV of the table: BOM, « ; », decimal comma, every commune of the département, absent values with their reason', withData, async () => {
  const response = await get('/observatoire?niveau=commune&departement=38&indicateur=tx_pauvrete_filosofi2021&format=csv&tableau=territoires');
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(response.headers['content-disposition']), /attachment; filename="observatoire-commune-38-tx_pauvrete_filosofi2021-territoires\.csv"/);
  const rows = parseCsv(response.body);
  assert.deepEqual(rows[0], ['Territoire', 'Code', 'Population', 'Valeur (%)', 'Décile', 'Valeur absente : raison']);
  assert.equal(rows.length, 1 + 512);
  assert.deepEqual(rows.find((r) => r[1] === '38151'), ['Échirolles', '38151', '37491', '24', '10', '']);
  assert.deepEqual(rows.find((r) => r[1] === '38002'), ['Les Adrets', '38002', '1079', 'Absente', 'Sans décile', 'Non publié (secret statistique)']);
  // Most fragile first, absent values last.
  assert.ok(Number(rows[1]![3]!.replace(',', '.')) >= Number(rows[2]![3]!.replace(',', '.')));
  assert.equal(rows[rows.length - 1]![3], 'Absente');
});

test('XLSX of the table and of a sheet read back with the same library: numbers as numbers, the method and sources in a sheet', withData, async () => {
  const response = await get('/observatoire?niveau=commune&departement=38&indicateur=tx_pauvrete_filosofi2021&format=xlsx');
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = await readXlsx(response.rawPayload);
  const [sheet, about] = workbook.worksheets;
  assert.equal(sheet!.rowCount, 1 + 512);
  assert.deepEqual((sheet!.getRow(1).values as unknown[]).slice(1), ['Territoire', 'Code', 'Population', 'Valeur (%)', 'Décile', 'Valeur absente : raison']);
  const rows = new Map<string, unknown[]>();
  sheet!.eachRow((row) => rows.set(String(row.getCell(2).value), (row.values as unknown[]).slice(1)));
  assert.deepEqual(rows.get('38151'), ['Échirolles', '38151', 37491, 24, 10]);
  assert.deepEqual(rows.get('38002'), ['Les Adrets', '38002', 1079, 'Absente', 'Sans décile', 'Non publié (secret statistique)']);
  assert.equal(about!.name, 'Méthode et sources');
  const lines = (about!.getColumn(1).values as unknown[]).map(String).join('\n');
  assert.match(lines, /inspiré de l’Indice de fragilité numérique \(IFN\) : ce n’est pas l’indice officiel/);
  assert.match(lines, /Sources :/);

  const sheetFile = await readXlsx((await get('/observatoire/commune/38151?format=xlsx')).rawPayload);
  assert.deepEqual(sheetFile.worksheets.map((s) => s.name), [
    'Score', 'Composantes du score', 'Population par âge', 'Personnes éloignées', 'Lieux et services', 'Zones blanches', 'Méthode et sources',
  ]);
  const components = sheetFile.worksheets[1]!;
  assert.deepEqual((components.getRow(7).values as unknown[]).slice(1, 4), ['Taux de pauvreté (seuil à 60 % du niveau de vie médian)', 24, 10]);
  const csv = parseCsv((await get('/observatoire/commune/38151?format=csv&tableau=eloignes')).body);
  assert.deepEqual(csv[0], ['Tranche d’âge', 'Habitants', 'Taux d’illectronisme', 'Origine du taux', 'Personnes (estimation)']);
  assert.equal(csv.length, 7);
});

test('GeoJSON: the outlines of a layer (cached by version, 304 on its ETag) and the map layer with the values', withData, async () => {
  const page = (await get('/observatoire?niveau=commune&departement=38')).body;
  const url = /data-contours="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
  const outlines = await get(url);
  assert.equal(outlines.statusCode, 200);
  assert.equal(outlines.headers['content-type'], 'application/geo+json; charset=utf-8');
  assert.equal(outlines.headers['cache-control'], 'public, max-age=31536000, immutable');
  const collection = outlines.json();
  assert.equal(collection.type, 'FeatureCollection');
  assert.ok(collection.features.length > 500, `${collection.features.length} communes`);
  const echirolles = collection.features.find((f: { properties: { code: string } }) => f.properties.code === '38151');
  assert.deepEqual(echirolles.properties, { code: '38151', nom: 'Échirolles' });
  assert.ok(['Polygon', 'MultiPolygon'].includes(echirolles.geometry.type));
  const ring = echirolles.geometry.type === 'Polygon' ? echirolles.geometry.coordinates[0] : echirolles.geometry.coordinates[0][0];
  assert.deepEqual(ring[0], ring[ring.length - 1], 'closed ring');
  assert.ok(ring.every(([lon, lat]: number[]) => lon > 5.6 && lon < 5.8 && lat > 45.1 && lat < 45.2), 'around Échirolles');
  const again = await get(url, { 'if-none-match': String(outlines.headers.etag) });
  assert.equal(again.statusCode, 304);
  const compressed = await get(url, { 'accept-encoding': 'br' });
  assert.equal(compressed.headers['content-encoding'], 'br');
  assert.equal((await get('/observatoire/carte/departement.geojson')).headers['cache-control'], 'public, no-cache', 'no version: revalidated');
  assert.equal((await get('/observatoire/carte/commune.geojson')).statusCode, 400, 'communes only by département');
  assert.equal((await get('/observatoire/carte/canton.geojson')).statusCode, 404);

  const layer = await get('/observatoire?niveau=departement&indicateur=score_seniors&format=geojson');
  assert.equal(layer.statusCode, 200);
  const values = layer.json();
  assert.equal(values.type, 'FeatureCollection');
  const isere = values.features.find((f: { properties: { code: string } }) => f.properties.code === '38');
  assert.deepEqual(Object.keys(isere.properties), ['code', 'nom', 'niveau', 'population', 'indicateur', 'valeur', 'decile', 'valeur_absente']);
  assert.equal(isere.properties.nom, 'Isère');
  assert.equal(typeof isere.properties.valeur, 'number');
  // The values the map draws: the table's.
  const json = (await get('/observatoire?niveau=commune&departement=38&indicateur=tx_pauvrete_filosofi2021&format=json')).json();
  assert.deepEqual(json.valeurs['38151'], [24, 10, '24,0 %']);
  assert.deepEqual(json.valeurs['38002'], [null, null, 'Non publié (secret statistique)']);
});

test('the JSON API: a territory, a level by page, the white zones, the method, in the OpenAPI document', withData, async () => {
  const one = await get('/api/v1/observatoire/commune/38151');
  assert.equal(one.statusCode, 200);
  const { data, meta } = one.json();
  assert.equal(data.name, 'Échirolles');
  assert.equal(data.population, 37491);
  assert.equal(data.scores.tout_age.components.length, 6);
  assert.equal(data.indicators.tx_pauvrete_filosofi2021.value, 24);
  assert.match(meta.methode.title, /inspiré de l’IFN/);
  assert.ok(meta.jeux_de_donnees.some((d: { name: string }) => d.name === 'arcep-thd'));
  const first = (await get('/api/v1/observatoire/epci?departement=38&limit=5')).json();
  assert.equal(first.data.length, 5);
  assert.ok(first.meta.total > 5);
  const second = (await get(first.links.next)).json();
  assert.ok(second.data[0].code > first.data[4].code);
  const zones = (await get('/api/v1/observatoire/zones-blanches?niveau=epci&limit=3')).json();
  assert.deepEqual(zones.data.map((z: { rank: number }) => z.rank), [1, 2, 3]);
  assert.ok(zones.data[0].reasons.length > 0);
  assert.equal((await get('/api/v1/observatoire/canton')).statusCode, 400);
  const unknown = await get('/api/v1/observatoire/commune/99999');
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8');
  const method = (await get('/api/v1/observatoire/methode')).json();
  assert.ok(method.data.limits.length > 3);
  const openapi = (await get('/api/v1/openapi.json')).json();
  for (const path of ['/api/v1/observatoire/{niveau}', '/api/v1/observatoire/{niveau}/{code}', '/api/v1/observatoire/zones-blanches', '/api/v1/observatoire/methode']) {
    assert.ok(openapi.paths[path]?.get, path);
  }
});

test('comparison of up to four territories side by side, by code or by name', withData, async () => {
  const response = await get('/observatoire/comparer?t=commune:38151&t=epci:200040715&t=departement:38&t=region:84&t=commune:38185');
  assert.equal(response.statusCode, 200);
  const body = response.body;
  assert.match(body, /On compare 4 territoires au plus : les 1 derniers ne sont pas affichés/);
  assert.match(body, /<th scope="col" class="num">Échirolles \(commune 38151\)<\/th><th scope="col" class="num">Grenoble-Alpes-Métropole/);
  assert.match(rowOf(body, 'Population 3'), /^Population 37 491 \d/);
  assert.match(rowOf(body, 'Score inspiré de l’IFN — Tout âge'), /^Score inspiré de l’IFN — Tout âge \(sur 10\) 6,7 \(décile 8\)/);
  assert.match(body, /<div class="obs-table" role="region" aria-labelledby="comparaison-titre" tabindex="0">/, 'scrolls sideways on a phone, by keyboard too');
  const byName = await get('/observatoire/comparer?n=commune&c=%C3%A9chirolles&n=departement&c=Is%C3%A8re&n=commune&c=');
  assert.match(byName.body, /Échirolles \(commune 38151\)<\/th><th scope="col" class="num">Isère \(département 38\)/);
  const homonyms = await get('/observatoire/comparer?n=commune&c=Saint-Martin');
  assert.match(homonyms.body, /Plusieurs communes s’appellent « Saint-Martin »/);
  const csv = parseCsv((await get('/observatoire/comparer?t=commune:38151&t=epci:200040715&format=csv&tableau=comparaison')).body);
  assert.deepEqual(csv[0], ['Chiffre', 'Échirolles (commune 38151)', 'Grenoble-Alpes-Métropole (EPCI 200040715)']);
});

test('the white zones: ranked, with the figures that justify each, by département', withData, async () => {
  const response = await get('/observatoire/zones-blanches?niveau=commune&departement=38');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /commune(s)? en zone blanche du département Isère \(38\)/);
  const csv = parseCsv((await get('/observatoire/zones-blanches?niveau=commune&departement=38&format=csv')).body);
  assert.deepEqual(csv[0], ['Rang', 'Territoire', 'Département', 'Population', 'Score', 'Distance (km)', 'Lieu le plus proche', 'Personnes éloignées (estimation)', 'Priorité (personnes·km)', 'Justification']);
  const ranks = csv.slice(1).map((r) => Number(r[0]));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.ok(csv.slice(1).every((r) => /Score « Tout âge »/.test(r[9]!)));
  const epci = await get('/observatoire/zones-blanches?niveau=epci');
  assert.match(epci.body, /intercommunalités en zone blanche de France/);
});
