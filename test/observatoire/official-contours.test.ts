// The parsers of Etalab's "contours administratifs" (official/etalab-contours.ts) on tiny GeoJSON
// files of a few squares: the communes file becomes a TopoJSON layer `communes` of COG 2026 codes
// (a commune déléguée joins its commune, unknown and invalid codes are counted with samples) that
// the derived files' loader accepts; the three territory files one TopoJSON of three layers;
// simplification keeps every commune; the centroid of an island commune or of a ring around an
// enclave falls outside it while the inner point is inside; the positions reach the communes
// table; a feature without a code is a French error naming the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Db } from '../../src/platform/db.ts';
import { communeCodeMapper, type CodeMapper } from '../../src/observatoire/datasets/passage.ts';
import { parseTopojson } from '../../src/observatoire/datasets/topojson.ts';
import { DatasetFileError } from '../../src/observatoire/datasets/csv-reader.ts';
import {
  buildTopoFile, communePoint, parseCommunesCentroides, parseCommunesContours, parseTerritoiresContours,
  type CodedShape, type Position,
} from '../../src/observatoire/datasets/official/etalab-contours.ts';
import {
  COMMUNES_CENTROIDES_OFFICIAL, COMMUNES_CONTOURS_OFFICIAL, TERRITOIRES_CONTOURS_OFFICIAL,
} from '../../src/observatoire/datasets/official/etalab-contours-sources.ts';
import { openTestDb } from '../support/test-db.ts';
import { FIXTURES, scratchDir } from '../support/paths.ts';

const DIR = join(FIXTURES, 'observatoire/official/contours');
const COMMUNES = { communes: join(DIR, 'communes-100m.geojson.gz') };
const TERRITOIRES = {
  departements: join(DIR, 'departements-100m.geojson.gz'),
  epci: join(DIR, 'epci-100m.geojson.gz'),
  regions: join(DIR, 'regions-100m.geojson.gz'),
};
const SANS_CODE = join(DIR, 'sans-code.geojson');
const SCRATCH = scratchDir('official-contours');

let db: Db;
let mapper: CodeMapper;
before(async () => {
  db = await openTestDb();
  mapper = await communeCodeMapper(db);
  mkdirSync(SCRATCH, { recursive: true });
});
after(async () => db?.close());

type Geometry = { type: string; arcs: number[][] | number[][][]; properties: { code: string } };
type Topology = { transform: { scale: [number, number]; translate: [number, number] }; arcs: number[][][]; objects: Record<string, { geometries: Geometry[] }> };

/** The polygons of each geometry of a layer, decoded from the (delta-encoded) arcs. */
function decode(gzip: Buffer, layer: string): Map<string, Position[][][]> {
  const topo = JSON.parse(gunzipSync(gzip).toString('utf8')) as Topology;
  const { scale: [sx, sy], translate: [tx, ty] } = topo.transform;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => [(x += dx!) * sx + tx, (y += dy!) * sy + ty] as Position);
  });
  const ring = (indexes: number[]) => indexes.flatMap((i, k) => {
    const points = i < 0 ? [...arcs[~i]!].reverse() : arcs[i]!;
    return k === 0 ? points : points.slice(1);
  });
  return new Map(topo.objects[layer]!.geometries.map((g) => [
    g.properties.code,
    g.type === 'Polygon' ? [(g.arcs as number[][]).map(ring)] : (g.arcs as number[][][]).map((p) => p.map(ring)),
  ]));
}

const area = (ring: readonly Position[]) => Math.abs(ring.reduce((s, [x, y], i) => {
  const [x1, y1] = ring[(i + 1) % ring.length]!;
  return s + x * y1 - x1 * y;
}, 0)) / 2;

function insideRing(ring: readonly Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const insidePolygon = (polygon: readonly Position[][], p: Position) => insideRing(polygon[0]!, p) && !polygon.slice(1).some((hole) => insideRing(hole, p));

const square = (x: number, y: number, w: number): Position[] => [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]];

test('the communes file becomes a TopoJSON layer `communes` of COG 2026 codes that the loader of the derived file accepts', async () => {
  const parsed = await parseCommunesContours(COMMUNES, { mapper });
  assert.equal(parsed.rows, 6);
  assert.deepEqual(parsed.report.layers, { communes: 6 });
  // Annecy-le-Vieux (74011), a commune déléguée since 2017, is part of Annecy.
  assert.equal(parsed.report.merged, 1);
  assert.deepEqual(parsed.report.merged_sample, ['74010 ← 74010 + 74011']);
  assert.equal(parsed.report.unknown_codes, 1);
  assert.deepEqual(parsed.report.unknown_sample, ['99999']);
  assert.deepEqual(parsed.report.invalid_sample, ['XX123']);
  const file = parsed.content.file!;
  assert.equal(file.content_type, 'application/topo+json');
  const path = join(SCRATCH, 'communes.topojson.gz');
  writeFileSync(path, file.content_gzip);
  assert.deepEqual((await parseTopojson(path, ['communes'])).layers, { communes: 6 });

  const communes = decode(file.content_gzip, 'communes');
  assert.deepEqual([...communes.keys()].sort(), ['01001', '01002', '01004', '01005', '29155', '74010']);
  for (const [code, polygons] of communes) {
    for (const polygon of polygons) assert.ok(polygon[0]!.length >= 4 && area(polygon[0]!) > 0, `${code} keeps a shape`);
  }
  assert.equal(communes.get('29155')!.length, 2, 'both islands of Ouessant');
  assert.equal(communes.get('74010')!.length, 2, 'Annecy and Annecy-le-Vieux');
  assert.equal(communes.get('01004')![0]!.length, 2, 'the ring keeps its hole');
});

test('simplification to a gzipped size drops points but keeps every commune, islands and enclaves included', async () => {
  const wiggly = (x: number, y: number): Position[] => {
    const points: Position[] = Array.from({ length: 400 }, (_, i) => {
      const a = (2 * Math.PI * i) / 400;
      const r = 0.02 + 0.002 * Math.sin(7 * a) + 0.001 * Math.sin(31 * a);
      return [x + r * Math.cos(a), y + r * Math.sin(a)];
    });
    return [...points, points[0]!];
  };
  const shapes: CodedShape[] = [
    { code: '01001', polygons: [[wiggly(4.9, 46.1)]] },
    { code: '01002', polygons: [[wiggly(5.0, 46.1), square(4.99, 46.09, 0.02).reverse()]] },
    { code: '01005', polygons: [[square(4.99, 46.09, 0.02)]] },
    { code: '29155', polygons: [[square(-5.115, 48.445, 0.03)], [square(-5.01, 48.45, 0.02)]] },
  ];
  const points = (gzip: Buffer) => (JSON.parse(gunzipSync(gzip).toString('utf8')) as Topology).arcs.reduce((n, a) => n + a.length, 0);
  const whole = buildTopoFile({ communes: shapes }, 1e9);
  const light = buildTopoFile({ communes: shapes }, 900);
  assert.ok(points(light.content_gzip) < points(whole.content_gzip) / 4, `${points(light.content_gzip)} points of ${points(whole.content_gzip)}`);
  assert.ok(light.content_gzip.length < whole.content_gzip.length);
  const decoded = decode(light.content_gzip, 'communes');
  assert.equal(decoded.size, 4);
  for (const [code, polygons] of decoded) {
    for (const polygon of polygons) assert.ok(polygon[0]!.length >= 4 && area(polygon[0]!) > 0, `${code} keeps a shape`);
  }
});

test('the three territory files become one TopoJSON with layers departements, epci and regions', async () => {
  const parsed = await parseTerritoiresContours(TERRITOIRES, { mapper });
  assert.deepEqual(parsed.report.layers, { departements: 3, epci: 2, regions: 2 });
  assert.equal(parsed.rows, 7);
  const path = join(SCRATCH, 'territoires.topojson.gz');
  writeFileSync(path, parsed.content.file!.content_gzip);
  assert.deepEqual((await parseTopojson(path, ['departements', 'epci', 'regions'])).layers, parsed.report.layers);
  assert.deepEqual([...decode(parsed.content.file!.content_gzip, 'epci').keys()].sort(), ['200066793', '240100883']);
  assert.deepEqual([...decode(parsed.content.file!.content_gzip, 'departements').keys()].sort(), ['01', '29', '74']);
});

test('the centroid of an island commune or of a ring around an enclave falls outside it; the inner point is inside its largest part', () => {
  const islands: CodedShape = { code: '29155', polygons: [[square(-5.115, 48.445, 0.03)], [square(-5.01, 48.45, 0.02)]] };
  const p = communePoint(islands)!;
  // Area-weighted: 9 parts at x = -5.1, 4 at x = -5.0.
  assert.ok(Math.abs(p.lon - (-5.1 * 9 - 5.0 * 4) / 13) < 1e-6, String(p.lon));
  assert.ok(!islands.polygons.some((polygon) => insidePolygon(polygon, [p.lon, p.lat])), 'the centroid is in the sea');
  assert.ok(insidePolygon(islands.polygons[0]!, [p.lon_interieur, p.lat_interieur]), 'the inner point is on the larger island');

  const ring: CodedShape = { code: '01004', polygons: [[square(5.30, 45.90, 0.09), square(5.33, 45.93, 0.03).reverse()]] };
  const r = communePoint(ring)!;
  assert.ok(Math.abs(r.lon - 5.345) < 1e-6 && Math.abs(r.lat - 45.945) < 1e-6, 'the centroid of the ring is the centre of its hole');
  assert.ok(!insidePolygon(ring.polygons[0]!, [r.lon, r.lat]));
  assert.ok(insidePolygon(ring.polygons[0]!, [r.lon_interieur, r.lat_interieur]), 'the inner point is on the ring');
});

test('the centroids parser writes each COG 2026 commune its inner point, inside the load’s transaction', async () => {
  const parsed = await parseCommunesCentroides(COMMUNES, { mapper });
  assert.equal(parsed.rows, 6);
  assert.deepEqual(parsed.report.unknown_sample, ['99999']);
  assert.deepEqual(parsed.report.merged_sample, ['74010 ← 74010 + 74011']);
  const placed = await db.transaction((tx) => parsed.positions!(tx));
  assert.equal(placed, 6);
  const rows = await db.query<{ code: string; latitude: number; longitude: number }>(
    `SELECT code, latitude, longitude FROM communes WHERE latitude IS NOT NULL ORDER BY code`,
  );
  assert.deepEqual(rows.map((r) => r.code), ['01001', '01002', '01004', '01005', '29155', '74010']);
  const ouessant = rows.find((r) => r.code === '29155')!;
  assert.ok(insidePolygon([square(-5.115, 48.445, 0.03)], [ouessant.longitude, ouessant.latitude]), 'Ouessant is placed on its larger island');
  const annecy = rows.find((r) => r.code === '74010')!;
  assert.ok(annecy.longitude > 6.10 && annecy.longitude < 6.18 && annecy.latitude > 45.88 && annecy.latitude < 45.92, 'Annecy is placed within its two parts');
});

test('a feature without a code, a file that is not GeoJSON, or a truncated .gz: a French error naming the file', async () => {
  for (const parse of [parseCommunesContours, parseCommunesCentroides]) {
    await assert.rejects(parse({ communes: SANS_CODE }, { mapper }), (error: Error) => {
      assert.ok(error instanceof DatasetFileError);
      assert.match(error.message, /sans-code\.geojson : l’objet n° 2 \(« Commune sans code »\) n’a pas de propriété « code »/);
      return true;
    });
  }
  const notGeojson = join(SCRATCH, 'pas-geojson.json');
  writeFileSync(notGeojson, '{"type":"Topology","objects":{}}');
  await assert.rejects(parseCommunesContours({ communes: notGeojson }, { mapper }), /pas-geojson\.json : ce fichier n’est pas un GeoJSON « FeatureCollection »/);
  const truncated = join(SCRATCH, 'tronque.geojson.gz');
  writeFileSync(truncated, readFileSync(COMMUNES.communes).subarray(0, 200));
  await assert.rejects(parseCommunesContours({ communes: truncated }, { mapper }), /tronque\.geojson\.gz : le fichier compressé \(gzip\) est incomplet/);
  await assert.rejects(parseTerritoiresContours({ departements: TERRITOIRES.departements, epci: TERRITOIRES.epci }, { mapper }), /Le fichier « regions » des contours administratifs d’Etalab manque/);
});

test('the official sources name Etalab’s 2026 files at 100 m and their parsers', () => {
  for (const source of [COMMUNES_CONTOURS_OFFICIAL, TERRITOIRES_CONTOURS_OFFICIAL, COMMUNES_CENTROIDES_OFFICIAL]) {
    assert.equal(source.producer, 'IGN ADMIN EXPRESS, via Etalab contours administratifs');
    assert.equal(source.licence, 'Licence Ouverte 2.0');
    for (const file of source.files) assert.match(file.url, /^https:\/\/etalab-datasets\.geo\.data\.gouv\.fr\/contours-administratifs\/2026\/geojson\/[a-z]+-100m\.geojson\.gz$/);
  }
  assert.deepEqual(TERRITOIRES_CONTOURS_OFFICIAL.files.map((f) => f.role), ['departements', 'epci', 'regions']);
  assert.deepEqual(COMMUNES_CONTOURS_OFFICIAL.files.map((f) => f.role), ['communes']);
  assert.equal(COMMUNES_CENTROIDES_OFFICIAL.parse, parseCommunesCentroides);
});
