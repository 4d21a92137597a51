// Owns the parsers of Etalab's "contours administratifs" (IGN ADMIN EXPRESS), GeoJSON files as
// published (gzipped or not), for three datasets of the registry:
// - communes-contours: the communes file → one TopoJSON layer `communes`, codes brought to COG 2026
//   (communes merged since are one MultiPolygon), simplified to about the derived file's weight;
// - territoires-contours: the départements, EPCI and régions files → one TopoJSON, three layers;
// - communes-centroides: the communes file → the area-weighted centroid and an inner point (the
//   pole of inaccessibility of the commune's largest part, inside it even for islands) of each
//   COG 2026 commune, written to communes.latitude/longitude through centroids.ts.
// Every feature keeps only its `code`. A file is read whole into memory: the national communes
// file at 100 m is some tens of MB of JSON (about 8 MB gzipped for 2026), which a load can afford.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import polylabel from 'polylabel';
import { topology } from 'topojson-server';
import { planarTriangleArea, presimplify, simplify, type Triangle } from 'topojson-simplify';
import type { Queryable } from '../../../platform/db.ts';
import { loadCentroids } from '../centroids.ts';
import { emptyReport, noteSample, REPORT_SAMPLE, type LoadReport } from '../commune-csv.ts';
import { DatasetFileError } from '../csv-reader.ts';
import { normalizeCode, type CodeMapper } from '../passage.ts';
import type { TopoFile } from '../topojson.ts';
import type { OfficialFiles, OfficialParser, ParsedDataset } from './official-parser.ts';

export type Position = [number, number];
/** One polygon: its outer ring, then its holes. */
export type PolygonRings = Position[][];
/** A feature of the file reduced to what is read: its code and its polygons. */
export type CodedShape = { code: string; polygons: PolygonRings[] };

type GeoJsonFeature = { type?: string; properties?: Record<string, unknown> | null; geometry?: { type?: string; coordinates?: unknown } | null };

/** Gzipped size the outlines are simplified to (the derived files: 1.5 MB and about 0.2 MB). */
export const COMMUNES_TARGET_GZIP = 1_500_000;
export const TERRITOIRES_TARGET_GZIP = 350_000;
/** About 9 m at the scale of France and the DROM: no commune collapses before simplification. */
const QUANTIZATION = 1e6;

// ─── Reading the files ───────────────────────────────────────────────────────────────────────

function fileOf(files: OfficialFiles, role: string): string {
  const path = files[role];
  if (!path) throw new DatasetFileError(`Le fichier « ${role} » des contours administratifs d’Etalab manque.`);
  return path;
}

/** The features of a GeoJSON FeatureCollection, gzipped or not (told by its first bytes). */
export async function readFeatures(path: string): Promise<GeoJsonFeature[]> {
  const bytes = await readFile(path);
  let raw: Buffer;
  try {
    raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  } catch {
    throw new DatasetFileError(`${path} : le fichier compressé (gzip) est incomplet ou abîmé ; téléchargez-le à nouveau.`);
  }
  let json: { type?: string; features?: unknown };
  try {
    json = JSON.parse(raw.toString('utf8')) as typeof json;
  } catch {
    throw new DatasetFileError(`${path} : ce n’est pas un fichier JSON lisible (GeoJSON attendu) ; s’il a été téléchargé, il est peut-être tronqué.`);
  }
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new DatasetFileError(`${path} : ce fichier n’est pas un GeoJSON « FeatureCollection » (contours administratifs d’Etalab attendus).`);
  }
  return json.features as GeoJsonFeature[];
}

function polygonsOf(geometry: GeoJsonFeature['geometry']): PolygonRings[] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates as PolygonRings];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates as PolygonRings[];
  return [];
}

/** Each feature's code and polygons; a feature without a code stops the load (the file is not the expected one). */
export function codedShapes(path: string, features: readonly GeoJsonFeature[]): { shapes: CodedShape[]; withoutGeometry: string[] } {
  const shapes: CodedShape[] = [];
  const withoutGeometry: string[] = [];
  features.forEach((feature, i) => {
    const code = feature?.properties?.code;
    if (typeof code !== 'string' || code.trim() === '') {
      const nom = typeof feature?.properties?.nom === 'string' ? ` (« ${feature.properties.nom} »)` : '';
      throw new DatasetFileError(`${path} : l’objet n° ${i + 1}${nom} n’a pas de propriété « code » ; ce fichier n’est pas celui des contours administratifs d’Etalab.`);
    }
    const polygons = polygonsOf(feature.geometry).filter((p) => Array.isArray(p) && Array.isArray(p[0]) && p[0].length >= 4);
    if (polygons.length === 0) withoutGeometry.push(code);
    else shapes.push({ code: code.trim(), polygons });
  });
  return { shapes, withoutGeometry };
}

// ─── Codes: COG 2026 ─────────────────────────────────────────────────────────────────────────

/**
 * The shapes under their COG 2026 code: a code the mapper does not know (a collectivité d'outre-mer,
 * a code of another vintage without passage) is left out and counted; the parts of a commune
 * merged since become one shape.
 */
export function toCog2026(shapes: readonly CodedShape[], mapper: CodeMapper): { shapes: CodedShape[]; report: LoadReport } {
  const report = emptyReport();
  report.rows_read = shapes.length;
  const groups = new Map<string, { sources: string[]; polygons: PolygonRings[] }>();
  for (const shape of shapes) {
    const code = normalizeCode(shape.code);
    if (!code) {
      report.invalid_codes++;
      noteSample(report.invalid_sample, shape.code);
      continue;
    }
    const target = mapper.resolve(code);
    if (!target) {
      report.unknown_codes++;
      noteSample(report.unknown_sample, code);
      continue;
    }
    const group = groups.get(target);
    if (!group) groups.set(target, { sources: [code], polygons: [...shape.polygons] });
    else if (group.sources.includes(code)) {
      report.duplicates++;
      noteSample(report.duplicate_sample, code);
    } else {
      group.sources.push(code);
      group.polygons.push(...shape.polygons);
    }
  }
  const out: CodedShape[] = [];
  for (const [code, group] of groups) {
    if (group.sources.length > 1) {
      report.merged++;
      noteSample(report.merged_sample, `${code} ← ${group.sources.join(' + ')}`);
    }
    out.push({ code, polygons: group.polygons });
  }
  if (report.unknown_codes > 0 && !mapper.passageLoaded) {
    report.warnings.push('La table de passage n’est pas chargée : les codes de communes fusionnées depuis ne sont pas reconnus (passerelle data load passage-communes FICHIER, puis rechargez avec --force).');
  }
  return { shapes: out, report };
}

/** Territories (départements, EPCI, régions) keep their codes; a code twice is one shape of both parts. */
function byCode(shapes: readonly CodedShape[]): CodedShape[] {
  const groups = new Map<string, PolygonRings[]>();
  for (const s of shapes) groups.set(s.code, [...(groups.get(s.code) ?? []), ...s.polygons]);
  return [...groups].map(([code, polygons]) => ({ code, polygons }));
}

// ─── Outlines: TopoJSON, simplified ──────────────────────────────────────────────────────────

type Arc = number[][];
type Topo = { type: 'Topology'; transform: { scale: [number, number]; translate: [number, number] }; bbox?: number[]; objects: Record<string, { type: string; geometries: { type: string; arcs?: unknown; properties?: unknown }[] }>; arcs: Arc[] };

function featureCollection(shapes: readonly CodedShape[]) {
  return {
    type: 'FeatureCollection' as const,
    features: shapes.map((s) => ({
      type: 'Feature' as const,
      properties: { code: s.code },
      geometry: s.polygons.length === 1
        ? { type: 'Polygon' as const, coordinates: s.polygons[0]! }
        : { type: 'MultiPolygon' as const, coordinates: s.polygons },
    })),
  };
}

/** The triangle's area, corrected for the latitude (a degree of longitude shrinks northwards). */
function weight(triangle: Triangle): number {
  return planarTriangleArea(triangle) * Math.cos((triangle[1][1] * Math.PI) / 180);
}

/** The rings of every polygon of every layer, as lists of arc indexes. */
function ringsOf(topo: Topo): number[][] {
  const rings: number[][] = [];
  for (const layer of Object.values(topo.objects)) {
    for (const g of layer.geometries) {
      if (g.type === 'Polygon') rings.push(...(g.arcs as number[][]));
      if (g.type === 'MultiPolygon') for (const p of g.arcs as number[][][]) rings.push(...p);
    }
  }
  return rings;
}

/**
 * A ring of one or two arcs (an island, an enclave) would lose all but its arcs' ends and vanish:
 * the two heaviest inner points of its arcs are always kept, so every commune keeps a shape.
 */
function protectSmallRings(topo: Topo): void {
  for (const ring of ringsOf(topo)) {
    if (ring.length >= 3) continue;
    for (const index of ring) {
      const arc = topo.arcs[index < 0 ? ~index : index]!;
      const inner = arc.slice(1, -1).sort((a, b) => b[2]! - a[2]!);
      for (const point of inner.slice(0, 2)) point[2] = Infinity;
    }
  }
}

/** The finite weights of the points (arc ends are Infinity), ascending, as one typed array. */
function innerWeights(topo: Topo): Float64Array {
  let n = 0;
  for (const arc of topo.arcs) for (const p of arc) if (Number.isFinite(p[2])) n++;
  const weights = new Float64Array(n);
  let i = 0;
  for (const arc of topo.arcs) for (const p of arc) if (Number.isFinite(p[2])) weights[i++] = p[2]!;
  return weights.sort();
}

/** Arcs in absolute coordinates back to the topology's grid, delta-encoded. */
function quantizeArcs(arcs: Arc[], transform: Topo['transform']): Arc[] {
  const [sx, sy] = transform.scale;
  const [tx, ty] = transform.translate;
  return arcs.map((arc) => {
    const out: Arc = [];
    let px = 0, py = 0;
    for (const point of arc) {
      const x = Math.round((point[0]! - tx) / sx), y = Math.round((point[1]! - ty) / sy);
      if (out.length > 0 && x === px && y === py) continue;
      out.push([x - px, y - py]);
      px = x;
      py = y;
    }
    if (out.length === 1) out.push([0, 0]);
    return out;
  });
}

function serialize(topo: Topo, arcs: Arc[]): string {
  return JSON.stringify({ type: 'Topology', transform: topo.transform, objects: topo.objects, arcs });
}

/**
 * One TopoJSON of the given layers, simplified (Visvalingam, the area of each point's triangle)
 * just enough for its gzipped size to stay under `targetGzip`: the share of points kept is found
 * by bisection. Arc ends are always kept, so shared borders stay shared.
 */
export function buildTopoFile(layers: Record<string, readonly CodedShape[]>, targetGzip: number): TopoFile {
  const objects = Object.fromEntries(Object.entries(layers).map(([name, shapes]) => [name, featureCollection(shapes)]));
  const quantized = topology(objects as Parameters<typeof topology>[0], QUANTIZATION) as unknown as Topo;
  const transform = quantized.transform;
  const weighted = presimplify(quantized as never, weight) as unknown as Topo;
  weighted.transform = transform;
  protectSmallRings(weighted);
  const weights = innerWeights(weighted);
  const attempt = (keep: number, level: number) => {
    // The weight of the point ranked keep × n (heaviest first): the lighter ones are dropped.
    const minWeight = keep >= 1 || weights.length === 0 ? 0 : weights[Math.floor((1 - keep) * (weights.length - 1))]!;
    const simplified = simplify(weighted as never, minWeight) as unknown as Topo;
    const text = serialize(weighted, quantizeArcs(simplified.arcs, transform));
    return { text, gzip: gzipSync(text, { level }) };
  };
  let best = attempt(1, 6);
  if (best.gzip.length > targetGzip) {
    let low = 0, high = 1;
    best = attempt(low, 6);
    for (let step = 0; step < 8; step++) {
      const keep = (low + high) / 2;
      const tried = attempt(keep, 6);
      if (tried.gzip.length <= targetGzip) {
        low = keep;
        best = tried;
      } else high = keep;
    }
  }
  const layerCounts = Object.fromEntries(Object.entries(layers).map(([name, shapes]) => [name, shapes.length]));
  return { content_gzip: gzipSync(best.text, { level: 9 }), size: Buffer.byteLength(best.text), layers: layerCounts };
}

function topoDataset(file: TopoFile, report: Partial<LoadReport>): ParsedDataset {
  const rows = Object.values(file.layers).reduce((a, b) => a + b, 0);
  return { content: { file: { ...file, content_type: 'application/topo+json' } }, rows, report: { ...report, layers: file.layers } };
}

function withoutGeometryWarning(path: string, codes: readonly string[]): string[] {
  return codes.length === 0 ? [] : [`${path} : ${codes.length} objet(s) sans géométrie ignoré(s) (${codes.slice(0, REPORT_SAMPLE).join(', ')}).`];
}

// ─── Centroids and inner points ──────────────────────────────────────────────────────────────

export type CommunePoint = { code: string; lat: number; lon: number; lat_interieur: number; lon_interieur: number };

/** Signed area (shoelace) and area-weighted centroid of a ring, in degrees. */
function ringMoments(ring: readonly Position[]): { area: number; cx: number; cy: number } {
  let area = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!, [x1, y1] = ring[i]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return { area: area / 2, cx, cy };
}

/** A polygon's area (holes taken out) and the sums giving its centroid. */
function polygonMoments(polygon: PolygonRings): { area: number; sx: number; sy: number } {
  let area = 0, sx = 0, sy = 0;
  polygon.forEach((ring, i) => {
    const m = ringMoments(ring);
    // The outer ring counts positively and the holes negatively, whatever their winding.
    const sign = (i === 0 ? 1 : -1) * Math.sign(m.area);
    area += sign * m.area;
    sx += (sign * m.cx) / 6;
    sy += (sign * m.cy) / 6;
  });
  return { area, sx, sy };
}

/**
 * The centroid of all the parts (weighted by area, in longitude/latitude: fine at the scale of a
 * commune) and the pole of inaccessibility of the largest part, which lies inside it.
 */
export function communePoint(shape: CodedShape): CommunePoint | undefined {
  let area = 0, sx = 0, sy = 0;
  let largest: PolygonRings | undefined, largestArea = 0;
  for (const polygon of shape.polygons) {
    const m = polygonMoments(polygon);
    area += m.area;
    sx += m.sx;
    sy += m.sy;
    if (m.area > largestArea) {
      largestArea = m.area;
      largest = polygon;
    }
  }
  if (!largest || area <= 0) return undefined;
  const lon = sx / area, lat = sy / area;
  // About a metre: enough for a reference point, and quick for 35,000 communes.
  const inner = polylabel(largest as [number, number][][], 1e-5);
  return { code: shape.code, lat: round(lat), lon: round(lon), lat_interieur: round(inner[1]), lon_interieur: round(inner[0]) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Writes the points as the centroids CSV the territoires loader reads, then loads it. */
export async function writeCommunePoints(tx: Queryable, points: readonly CommunePoint[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-centroides-'));
  const path = join(dir, 'communes-centroides.csv.gz');
  try {
    const lines = ['code_insee,lat,lon,lat_interieur,lon_interieur', ...points.map((p) => `${p.code},${p.lat},${p.lon},${p.lat_interieur},${p.lon_interieur}`)];
    writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
    return await loadCentroids(tx, path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ─── The parsers ─────────────────────────────────────────────────────────────────────────────

async function communeShapes(files: OfficialFiles, mapper: CodeMapper) {
  const path = fileOf(files, 'communes');
  const { shapes, withoutGeometry } = codedShapes(path, await readFeatures(path));
  const mapped = toCog2026(shapes, mapper);
  mapped.report.warnings.unshift(...withoutGeometryWarning(path, withoutGeometry));
  return mapped;
}

/** communes-contours: files { communes }. */
export const parseCommunesContours: OfficialParser = async (files, { mapper }) => {
  const { shapes, report } = await communeShapes(files, mapper);
  if (shapes.length === 0) throw new DatasetFileError(`${fileOf(files, 'communes')} : aucune commune connue (COG 2026) dans ce fichier.`);
  return topoDataset(buildTopoFile({ communes: shapes }, COMMUNES_TARGET_GZIP), report);
};

export const TERRITORY_LAYERS = ['departements', 'epci', 'regions'] as const;

/** territoires-contours: files { departements, epci, regions }. */
export const parseTerritoiresContours: OfficialParser = async (files) => {
  const layers: Record<string, CodedShape[]> = {};
  const warnings: string[] = [];
  for (const layer of TERRITORY_LAYERS) {
    const path = fileOf(files, layer);
    const { shapes, withoutGeometry } = codedShapes(path, await readFeatures(path));
    if (shapes.length === 0) throw new DatasetFileError(`${path} : aucun contour dans ce fichier.`);
    layers[layer] = byCode(shapes);
    warnings.push(...withoutGeometryWarning(path, withoutGeometry));
  }
  return topoDataset(buildTopoFile(layers, TERRITOIRES_TARGET_GZIP), { warnings });
};

/** communes-centroides: files { communes }; the points are written inside the load's transaction. */
export const parseCommunesCentroides: OfficialParser = async (files, { mapper }) => {
  const { shapes, report } = await communeShapes(files, mapper);
  const points = shapes.map(communePoint).filter((p): p is CommunePoint => p !== undefined);
  if (points.length === 0) throw new DatasetFileError(`${fileOf(files, 'communes')} : aucune commune connue (COG 2026) dans ce fichier.`);
  if (points.length < shapes.length) report.warnings.push(`${shapes.length - points.length} commune(s) sans surface : pas de position.`);
  return { content: {}, rows: points.length, report, positions: (tx) => writeCommunePoints(tx, points) };
};
