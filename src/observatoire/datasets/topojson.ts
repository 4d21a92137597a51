// Owns the parser of TopoJSON outlines: the file is kept whole (gzipped) for the pages, which serve
// simplified GeoJSON layers from it; loading checks it is a Topology holding the expected layers,
// each geometry with a `code` property, and counts them.
import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatasetFileError } from './csv-reader.ts';

export type TopoFile = { content_gzip: Buffer; size: number; layers: Record<string, number> };

type Topology = { type?: string; objects?: Record<string, { type?: string; geometries?: { properties?: { code?: unknown } }[] }> };

export async function parseTopojson(path: string, expectedLayers: readonly string[]): Promise<TopoFile> {
  const bytes = await readFile(path);
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let raw: Buffer;
  try {
    raw = gzipped ? gunzipSync(bytes) : bytes;
  } catch {
    throw new DatasetFileError(`${path} : le fichier compressé est incomplet ou abîmé ; téléchargez-le à nouveau.`);
  }
  let topology: Topology;
  try {
    topology = JSON.parse(raw.toString('utf8')) as Topology;
  } catch {
    throw new DatasetFileError(`${path} : ce n’est pas un fichier JSON lisible (TopoJSON attendu) ; s’il a été téléchargé, il est peut-être tronqué.`);
  }
  if (topology?.type !== 'Topology' || typeof topology.objects !== 'object') {
    throw new DatasetFileError(`${path} : ce fichier JSON n’est pas un TopoJSON (« "type": "Topology" » attendu).`);
  }
  const layers: Record<string, number> = {};
  for (const name of expectedLayers) {
    const layer = topology.objects[name];
    if (!layer || !Array.isArray(layer.geometries)) {
      throw new DatasetFileError(`${path} : la couche « ${name} » est absente (couches trouvées : ${Object.keys(topology.objects).join(', ') || 'aucune'}).`);
    }
    const withoutCode = layer.geometries.filter((g) => typeof g.properties?.code !== 'string').length;
    if (withoutCode > 0) throw new DatasetFileError(`${path} : ${withoutCode} formes de la couche « ${name} » n’ont pas de propriété « code ».`);
    layers[name] = layer.geometries.length;
  }
  return { content_gzip: gzipped ? bytes : gzipSync(raw, { level: 9 }), size: raw.length, layers };
}
