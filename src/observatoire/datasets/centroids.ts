// Owns the commune centroids dataset: the inner point of each commune, read by the territoires
// loader (territoires/commune-positions.ts, the same one the first start uses) into
// communes.latitude/longitude. A new version replaces the positions: a commune the new file does
// not place has none any more.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Queryable } from '../../platform/db.ts';
import { loadCommunePositions } from '../../territoires/commune-positions.ts';
import { DatasetFileError, isGzip } from './csv-reader.ts';

export async function loadCentroids(tx: Queryable, path: string): Promise<number> {
  // The territoires loader tells a gzipped file by its name.
  if ((await isGzip(path)) !== path.endsWith('.gz')) {
    throw new DatasetFileError(`${path} : le nom du fichier doit finir par .gz si et seulement s’il est compressé (gzip) ; renommez-le.`);
  }
  if (path.endsWith('.gz')) {
    // A truncated .gz would stop the territoires loader's stream with an error nobody catches.
    try {
      gunzipSync(readFileSync(path));
    } catch {
      throw new DatasetFileError(`${path} : le fichier compressé (gzip) est incomplet ou abîmé ; s’il a été téléchargé, téléchargez-le à nouveau.`);
    }
  }
  await tx.query('UPDATE communes SET latitude = NULL, longitude = NULL WHERE latitude IS NOT NULL OR longitude IS NOT NULL');
  let placed: number;
  try {
    placed = await loadCommunePositions(tx, path);
  } catch (error) {
    // Its errors about the file (a missing column) are French sentences already.
    if (/ : colonne « /.test((error as Error).message)) throw new DatasetFileError((error as Error).message);
    throw error;
  }
  if (placed === 0) throw new DatasetFileError(`${path} : aucune commune connue n’a de position dans ce fichier (colonnes code_insee, lat_interieur, lon_interieur attendues).`);
  return placed;
}
