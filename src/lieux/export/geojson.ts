// Owns the GeoJSON export: a FeatureCollection with one Point per place ([longitude, latitude]),
// whose properties are the standard's flat fields plus Passerelle's id, kind and status. A place
// without coordinates is kept as an unlocated feature (geometry null, RFC 7946 §3.2).
import type { Writable } from 'node:stream';
import type { StoredLieu } from '../store/read-lieux.ts';
import { toStandardRow } from './flat.ts';
import { writeJsonArray } from './sink.ts';

export function toFeature(lieu: StoredLieu) {
  // The geometry is the one place the coordinates are written, so that they cannot disagree.
  const { latitude: _latitude, longitude: _longitude, ...fields } = toStandardRow(lieu);
  const position = lieu.data.localisation;
  return {
    type: 'Feature',
    geometry: position ? { type: 'Point', coordinates: [position.longitude, position.latitude] } : null,
    properties: { passerelle_id: lieu.id, ...fields, kind: lieu.kind, status: lieu.status },
  };
}

export const writeGeoJson = (lieux: AsyncIterable<StoredLieu>, out: Writable): Promise<number> =>
  writeJsonArray(out, lieux, toFeature, { open: '{"type":"FeatureCollection","features":[', close: ']}' });
