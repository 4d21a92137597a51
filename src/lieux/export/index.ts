// Owns the table of export formats: for each, its writer, media type and file name, and the
// export use case (every visible place, streamed from the database to a Writable).
import type { Writable } from 'node:stream';
import type { Queryable } from '../../platform/db.ts';
import { allLieux, type StoredLieu } from '../store/read-lieux.ts';
import { writeLieuxCsv } from './lieux-csv.ts';
import { writeLieuxJson } from './lieux-json.ts';
import { writeGeoJson } from './geojson.ts';
import { writeDataInclusion } from './data-inclusion.ts';

export const EXPORT_FORMATS = ['lieux-csv', 'lieux-json', 'geojson', 'data-inclusion'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportDefinition = {
  contentType: string;
  /** File name without the date, e.g. lieux.csv */
  fileName: string;
  write: (lieux: AsyncIterable<StoredLieu>, out: Writable) => Promise<number>;
};

export const EXPORTS: Record<ExportFormat, ExportDefinition> = {
  'lieux-csv': { contentType: 'text/csv; charset=utf-8; header=present', fileName: 'lieux.csv', write: writeLieuxCsv },
  'lieux-json': { contentType: 'application/json', fileName: 'lieux.json', write: writeLieuxJson },
  geojson: { contentType: 'application/geo+json', fileName: 'lieux.geojson', write: writeGeoJson },
  'data-inclusion': { contentType: 'application/json', fileName: 'structures-data-inclusion.json', write: writeDataInclusion },
};

export const isExportFormat = (name: string): name is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(name);

/** Dated file name: lieux-2024-05-31.csv */
export function exportFileName(format: ExportFormat, date = new Date()): string {
  return EXPORTS[format].fileName.replace(/(\.[a-z]+)$/, `-${date.toISOString().slice(0, 10)}$1`);
}

/** Writes every visible place to `out` (which stays open); returns how many were written. */
export function exportLieux(db: Queryable, format: ExportFormat, out: Writable): Promise<number> {
  return EXPORTS[format].write(allLieux(db), out);
}
