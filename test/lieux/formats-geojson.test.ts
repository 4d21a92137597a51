// The GeoJSON import format on a hand-written FeatureCollection: coordinates come from the Point
// geometry, the extension columns are read, bad geometries are reported by feature number, and an
// unlocated place goes out and back as a feature with a null geometry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Db } from '../../src/platform/db.ts';
import { importFile, type ImportReport } from '../../src/lieux/import/import-file.ts';
import { detectFormat } from '../../src/lieux/formats/registry.ts';
import { mapGeoJsonFeature } from '../../src/lieux/formats/geojson.ts';
import { exportLieux } from '../../src/lieux/export/index.ts';
import { openTestDb } from '../support/test-db.ts';
import { FIXTURES, scratchDir } from '../support/paths.ts';

const FIXTURE = `${FIXTURES}formats/lieux.geojson`;
let db: Db;
let report: ImportReport;
before(async () => {
  db = await openTestDb();
  report = await importFile(db, { path: FIXTURE, source: 'carte', actor: 'test' });
});
after(async () => {
  await db.close();
});

const stored = async (sourceId: string) =>
  (await db.query<{ data: Record<string, unknown>; kind: string; status: string; latitude: number | null }>(
    'SELECT l.data, l.kind, l.status, l.latitude FROM lieux l JOIN source_records r ON r.lieu_id = l.id WHERE r.source = $1 AND r.source_id = $2',
    ['carte', sourceId],
  ))[0];

test('a FeatureCollection is recognised by its extension and by its content', async () => {
  assert.equal(report.format, 'geojson');
  const dir = scratchDir('formats-geojson');
  mkdirSync(dir, { recursive: true });
  copyFileSync(FIXTURE, `${dir}/carte.json`);
  assert.equal(await detectFormat(`${dir}/carte.json`), 'geojson');
});

test('valid features are imported, the others rejected with one precise issue each, by feature number', () => {
  assert.deepEqual([report.rows_read, report.created, report.rows_rejected], [5, 2, 3]);
  const errors = report.issues.filter((i) => i.severity === 'error');
  assert.deepEqual(errors.slice(0, 3), [
    { line: 3, column: 'geometry', value: 'Polygon', severity: 'error', reason: "La géométrie de l'objet n°3 est de type « Polygon » : seul le type « Point » est accepté, un point par lieu." },
    { line: 4, column: 'geometry', value: '[45.1885,5.7245]', severity: 'error', reason: "Les coordonnées [45.1885, 5.7245] de l'objet n°4 semblent inversées : en GeoJSON l'ordre est [longitude, latitude]." },
    { line: 5, column: 'geometry', value: '["5.7245","45.1885"]', severity: 'error', reason: "Les coordonnées de l'objet n°5 doivent être deux nombres [longitude, latitude], par exemple [5.7245, 45.1885]." },
  ]);
  // The properties of a feature with a bad geometry are still checked: every problem at once.
  assert.deepEqual(errors.slice(3).map((i) => [i.line, i.column, i.value]), [[5, 'date_maj', 'le 15 mars']]);
});

test('the coordinates come from the geometry, not from properties that contradict it', async () => {
  const lieu = (await stored('geo-1'))!;
  assert.deepEqual(lieu.data.localisation, { latitude: 45.1671, longitude: 5.7316 });
  assert.deepEqual(lieu.data.services, ['Aide aux démarches administratives', 'Accès internet et matériel informatique']);
  assert.equal(lieu.data.horaires, 'Tu-Sa 10:00-18:00');
});

test('a feature without geometry is imported without coordinates, with a warning; extension columns are read', async () => {
  assert.deepEqual(report.issues.filter((i) => i.line === 2), [
    { line: 2, column: 'geometry', value: 'null', severity: 'warning', reason: "L'objet n°2 n'a pas de géométrie : le lieu est importé sans coordonnées et n'apparaîtra pas sur la carte." },
  ]);
  const wifi = (await stored('geo-2'))!;
  assert.equal(wifi.latitude, null);
  assert.equal(wifi.kind, 'public_wifi');
  assert.equal(wifi.status, 'temporarily_closed');
  assert.deepEqual(wifi.data.status, { value: 'temporarily_closed', from: '2024-01-01', until: '2024-06-30' });
});

test('something that is not a Feature, or whose geometry is not GeoJSON, is reported as such', () => {
  assert.deepEqual(mapGeoJsonFeature({ type: 'Point', coordinates: [5.7, 45.1] }, 7).issues, [
    { line: 7, column: 'type', value: 'Point', severity: 'error', reason: "L'objet n°7 de « features » n'est pas un objet GeoJSON de type « Feature »." },
  ]);
  const noType = mapGeoJsonFeature({ type: 'Feature', geometry: { coordinates: [5.7, 45.1] }, properties: {} }, 8);
  assert.equal(noType.data, undefined);
  assert.equal(noType.issues[0]!.column, 'geometry');
  assert.match(noType.issues[0]!.reason, /^La géométrie de l'objet n°8 n'est pas une géométrie GeoJSON/);
});

test('exported as GeoJSON, an unlocated place has a null geometry and comes back the same', async () => {
  const chunks: string[] = [];
  await exportLieux(db, 'geojson', new Writable({ write: (chunk, _encoding, done) => done(void chunks.push(String(chunk))) }));
  const collection = JSON.parse(chunks.join('')) as { features: { geometry: unknown; properties: Record<string, unknown> }[] };
  const byId = new Map(collection.features.map((f) => [f.properties.id, f]));
  assert.equal(byId.get('geo-2')!.geometry, null);
  assert.deepEqual(byId.get('geo-1')!.geometry, { type: 'Point', coordinates: [5.7316, 45.1671] });
  assert.equal(byId.get('geo-1')!.properties.code_insee, '38185', 'the commune Passerelle resolved fills code_insee');

  const dir = scratchDir('formats-geojson');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/export.geojson`, chunks.join(''));
  const again = await importFile(db, { path: `${dir}/export.geojson`, source: 'carte-bis', actor: 'test' });
  assert.deepEqual([again.created, again.rows_rejected], [2, 0]);
  const [unlocated] = await db.query<{ latitude: number | null; kind: string; status: string }>(
    "SELECT l.latitude, l.kind, l.status FROM lieux l JOIN source_records r ON r.lieu_id = l.id WHERE r.source = 'carte-bis' AND r.source_id = 'geo-2'",
  );
  assert.deepEqual(unlocated, { latitude: null, kind: 'public_wifi', status: 'temporarily_closed' });
});
