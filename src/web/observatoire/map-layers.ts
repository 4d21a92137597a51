// Owns the map layers of the observatory: the simplified outlines kept whole as TopoJSON by the
// datasets module (communes-contours, territoires-contours) turned into GeoJSON features, one
// layer per level, the communes of one département at a time (a national commune layer would weigh
// megabytes). Coordinates are rounded to 4 decimals (about 10 m, below what the 2018 outlines
// simplified to 8 % still tell apart) and repeated points dropped.
// The TopoJSON of a version (its sha256) is decoded once and each layer built once, compressed
// (brotli, gzip) once: layers are content-addressed by that sha256, so they are never stale and
// need no check; the pages name them by a versioned URL that browsers keep for a year.
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { Db } from '../../platform/db.ts';
import { readDatasetFile, type StoredDataset } from '../../observatoire/datasets/store.ts';
import { OUTLINE_DATASETS, OUTLINE_LAYERS, outlineDataset } from '../../observatoire/current-figures.ts';
import type { Level } from '../../observatoire/model.ts';

type Position = [number, number];
type TopoGeometry = { type: string; arcs?: unknown; properties?: { code?: string } };
type Topology = { transform?: { scale: [number, number]; translate: [number, number] }; arcs: number[][][]; objects: Record<string, { geometries: TopoGeometry[] }> };
type Decoded = { arcs: Float64Array[]; objects: Topology['objects'] };

export type LayerFeature = { code: string; nom: string; geometry: string };
export type Layer = { key: string; version: string; features: LayerFeature[]; body?: string; gzip?: Buffer; brotli?: Buffer };

const decodedCache = new Map<string, Decoded>();
const layerCache = new Map<string, Layer>();
const MAX_LAYERS = 250;

/** Douglas–Peucker on one arc (x, y pairs), its two ends always kept: arcs shared by two outlines stay shared. */
function simplify(arc: Float64Array, tolerance: number): Float64Array {
  const n = arc.length / 2;
  if (tolerance <= 0 || n <= 2) return arc;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  const t2 = tolerance * tolerance;
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const ax = arc[2 * a]!, ay = arc[2 * a + 1]!, bx = arc[2 * b]!, by = arc[2 * b + 1]!;
    const dx = bx - ax, dy = by - ay;
    const length2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = t2;
    for (let i = a + 1; i < b; i++) {
      const px = arc[2 * i]! - ax, py = arc[2 * i + 1]! - ay;
      let d: number;
      if (length2 === 0) d = px * px + py * py;
      else {
        const cross = px * dy - py * dx;
        d = (cross * cross) / length2;
      }
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) if (keep[i]) m++;
  const out = new Float64Array(2 * m);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    out[k++] = arc[2 * i]!;
    out[k++] = arc[2 * i + 1]!;
  }
  return out;
}

/**
 * Tolerance of the simplification by level, in degrees (0.001° ≈ 80–110 m): a national map of
 * départements is drawn a few hundred pixels wide, the communes of one département much larger.
 */
const TOLERANCE: Readonly<Record<Level, number>> = { region: 0.02, departement: 0.012, epci: 0.016, commune: 0.0006 };
/** The EPCI of one département are drawn larger. */
const EPCI_OF_DEPARTEMENT_TOLERANCE = 0.004;
/** Decimals kept: 3 (about 100 m) for the national layers, 4 for communes. */
const DECIMALS: Readonly<Record<Level, number>> = { region: 3, departement: 3, epci: 3, commune: 4 };

function decode(topology: Topology, tolerance: number): Decoded {
  const t = topology.transform;
  const arcs = topology.arcs.map((arc) => {
    const out = new Float64Array(arc.length * 2);
    let x = 0;
    let y = 0;
    arc.forEach((p, i) => {
      if (t) {
        x += p[0]!;
        y += p[1]!;
        out[2 * i] = x * t.scale[0] + t.translate[0];
        out[2 * i + 1] = y * t.scale[1] + t.translate[1];
      } else {
        out[2 * i] = p[0]!;
        out[2 * i + 1] = p[1]!;
      }
    });
    return simplify(out, tolerance);
  });
  return { arcs, objects: topology.objects };
}


function ring(decoded: Decoded, indices: number[], scale: number): Position[] {
  const round = (v: number) => Math.round(v * scale) / scale;
  const points: Position[] = [];
  for (const index of indices) {
    const arc = decoded.arcs[index < 0 ? ~index : index]!;
    const n = arc.length / 2;
    for (let k = 0; k < n; k++) {
      const j = index < 0 ? n - 1 - k : k;
      // Each arc after the first starts where the previous one ended.
      if (k === 0 && points.length > 0) continue;
      const p: Position = [round(arc[2 * j]!), round(arc[2 * j + 1]!)];
      const last = points[points.length - 1];
      if (last && last[0] === p[0] && last[1] === p[1]) continue;
      points.push(p);
    }
  }
  if (points.length > 0) {
    const [first, last] = [points[0]!, points[points.length - 1]!];
    if (first[0] !== last[0] || first[1] !== last[1]) points.push([first[0], first[1]]);
  }
  return points;
}

/** A GeoJSON geometry, as JSON text (null when the shape collapsed). */
function geometryJson(decoded: Decoded, g: TopoGeometry, scale: number): string | null {
  const polygon = (rings: number[][]) => rings.map((r) => ring(decoded, r, scale)).filter((r) => r.length >= 4);
  if (g.type === 'Polygon') {
    const rings = polygon(g.arcs as number[][]);
    return rings.length ? JSON.stringify({ type: 'Polygon', coordinates: rings }) : null;
  }
  if (g.type === 'MultiPolygon') {
    const polygons = (g.arcs as number[][][]).map(polygon).filter((p) => p.length > 0);
    return polygons.length ? JSON.stringify({ type: 'MultiPolygon', coordinates: polygons }) : null;
  }
  return null;
}

async function decodedOf(db: Db, dataset: StoredDataset, tolerance: number): Promise<Decoded | undefined> {
  const key = `${dataset.sha256}|${tolerance}`;
  const cached = decodedCache.get(key);
  if (cached) return cached;
  const file = await readDatasetFile(db, dataset.name);
  if (!file) return undefined;
  const decoded = decode(JSON.parse(file.content().toString('utf8')) as Topology, tolerance);
  // The current version of the two files at each tolerance is all that is worth keeping.
  if (decodedCache.size >= 6) decodedCache.delete(decodedCache.keys().next().value!);
  decodedCache.set(key, decoded);
  return decoded;
}

const NAME_TABLES: Record<Level, string> = { commune: 'communes', epci: 'epci', departement: 'departements', region: 'regions' };

/** The outlines of a level (communes and EPCI: optionally those of one département); undefined when not loaded. */
export async function outlineLayer(db: Db, stored: readonly StoredDataset[], level: Level, departement?: string): Promise<Layer | undefined> {
  const dataset = outlineDataset(stored, level);
  if (!dataset) return undefined;
  const filter = level === 'commune' || level === 'epci' ? departement ?? '' : '';
  const key = `${dataset.sha256}|${level}|${filter}`;
  const cached = layerCache.get(key);
  if (cached) return cached;
  const decoded = await decodedOf(db, dataset, level === 'epci' && filter ? EPCI_OF_DEPARTEMENT_TOLERANCE : TOLERANCE[level]);
  const object = decoded?.objects[OUTLINE_LAYERS[level]];
  if (!decoded || !object) return undefined;
  const names = new Map((await db.query<{ code: string; nom: string }>(`SELECT code, nom FROM ${NAME_TABLES[level]}`)).map((r) => [r.code, r.nom]));
  let keep: Set<string> | undefined;
  if (filter) {
    const rows = await db.query<{ code: string | null }>(
      level === 'commune' ? 'SELECT code FROM communes WHERE departement_code = $1' : 'SELECT DISTINCT epci_code AS code FROM communes WHERE departement_code = $1',
      [filter],
    );
    keep = new Set(rows.map((r) => r.code).filter((c): c is string => c !== null));
  }
  const features: LayerFeature[] = [];
  for (const g of object.geometries) {
    const code = g.properties?.code;
    if (!code || (keep && !keep.has(code))) continue;
    const geometry = geometryJson(decoded, g, 10 ** DECIMALS[level]);
    if (geometry) features.push({ code, nom: names.get(code) ?? code, geometry });
  }
  features.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const layer: Layer = { key: `${dataset.sha256.slice(0, 12)}-${level}${filter ? `-${filter}` : ''}`, version: dataset.sha256.slice(0, 12), features };
  if (layerCache.size >= MAX_LAYERS) layerCache.delete(layerCache.keys().next().value!);
  layerCache.set(key, layer);
  return layer;
}

/** A FeatureCollection from the layer, each feature's properties given by `properties` (code and nom by default). */
export function featureCollection(layer: Layer, properties?: (f: LayerFeature) => Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const f of layer.features) {
    const props = properties ? properties(f) : { code: f.code, nom: f.nom };
    if (!props) continue;
    parts.push(`{"type":"Feature","properties":${JSON.stringify(props)},"geometry":${f.geometry}}`);
  }
  return `{"type":"FeatureCollection","features":[${parts.join(',\n')}]}`;
}

/** The outlines as sent to browsers, compressed once for each encoding. */
export function layerBody(layer: Layer, encoding: 'br' | 'gzip' | null): Buffer | string {
  layer.body ??= featureCollection(layer);
  if (encoding === 'br') return (layer.brotli ??= brotliCompressSync(layer.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }));
  if (encoding === 'gzip') return (layer.gzip ??= gzipSync(layer.body, { level: 9 }));
  return layer.body;
}

export const outlinesLoaded = (stored: readonly StoredDataset[], level: Level) => stored.some((d) => d.name === OUTLINE_DATASETS[level]);
