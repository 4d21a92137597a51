// Owns the reference point of each commune (communes.latitude/longitude): loading it from a
// centroids CSV (the shared geo-france file: code_insee, …, lat_interieur, lon_interieur), gzipped
// or not. The inner point is used rather than the centroid: it is inside the commune even for
// islands and communes in several parts.
import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../platform/db.ts';
import { chunk } from '../platform/collections.ts';
import { forgetCommuneDirectory } from './commune-directory.ts';

/** The commune centroids of the shared open data, when the folder is beside the project. */
export const SHARED_CENTROIDS = fileURLToPath(new URL('../../../shared/data/geo-france-cog2026/communes-centroides-cog2026.csv.gz', import.meta.url));

export function sharedCentroidsPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = env.PASSERELLE_COMMUNES_CENTROIDES ?? SHARED_CENTROIDS;
  return existsSync(path) ? path : undefined;
}

type Position = { code: string; latitude: number; longitude: number };

/** Reads the file and sets the position of every commune it names; returns how many were set. */
export async function loadCommunePositions(db: Queryable, path: string): Promise<number> {
  const positions = await readPositions(path);
  let updated = 0;
  for (const part of chunk(positions, 5000)) {
    const rows = await db.query<{ n: number }>(
      `WITH p AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, latitude double precision, longitude double precision)),
       u AS (UPDATE communes c SET latitude = p.latitude, longitude = p.longitude FROM p WHERE c.code = p.code RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [JSON.stringify(part)],
    );
    updated += rows[0]?.n ?? 0;
  }
  forgetCommuneDirectory(db);
  return updated;
}

export async function communePositionsLoaded(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM communes WHERE latitude IS NOT NULL');
  return (row?.n ?? 0) > 0;
}

async function readPositions(path: string): Promise<Position[]> {
  const input = createReadStream(path);
  const lines = createInterface({ input: path.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  let header: string[] | undefined;
  const out: Position[] = [];
  for await (const line of lines) {
    if (!line.trim()) continue;
    // The file has no quoted field holding a comma except names, which come before the numbers:
    // columns are taken from the end when a name was split.
    const cells = line.split(',');
    if (!header) {
      header = cells.map((c) => c.trim().replace(/^\uFEFF/, ''));
      for (const name of ['code_insee', 'lat_interieur', 'lon_interieur']) {
        if (!header.includes(name)) throw new Error(`${path} : colonne « ${name} » absente.`);
      }
      continue;
    }
    const fromEnd = (name: string) => cells[cells.length - (header!.length - header!.indexOf(name))];
    const code = cells[0]!.trim();
    const latitude = Number(fromEnd('lat_interieur'));
    const longitude = Number(fromEnd('lon_interieur'));
    if (/^[0-9][0-9AB][0-9]{3}$/.test(code) && Number.isFinite(latitude) && Number.isFinite(longitude) && fromEnd('lat_interieur') !== '') {
      out.push({ code, latitude, longitude });
    }
  }
  return out;
}
