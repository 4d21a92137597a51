// Owns the table orientations (migrations/006): an orientation recorded by a professional from
// the orientation slip — the day, the need (services of the national standard), the one to three
// places and the professional's structure. Nothing about the person is ever stored here.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/db.ts';

export const STRUCTURE_MAX_LENGTH = 120;
export const MAX_PLACES = 3;

export type NewOrientation = {
  /** Passerelle ids of the places (absorbing places, not merged-away ones), 1 to MAX_PLACES. */
  lieuIds: readonly string[];
  /** Values of the standard's services; may be empty when no need was chosen. */
  services: readonly string[];
  /** The professional's structure, trimmed, 1 to STRUCTURE_MAX_LENGTH characters. */
  structure: string;
  /** When it is recorded; only its calendar day in Europe/Paris is kept. */
  at: Date;
};

export type StoredOrientation = { id: string; recorded_on: string; services: string[]; lieu_ids: string[]; structure: string };

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "2024-11-25": the calendar day of an instant in Europe/Paris (decision 009). */
export function parisDay(at: Date): string {
  return PARIS_DAY.format(at);
}

export async function recordOrientation(db: Queryable, orientation: NewOrientation): Promise<string> {
  const structure = orientation.structure.trim();
  if (structure.length === 0 || structure.length > STRUCTURE_MAX_LENGTH) throw new RangeError(`structure must have 1 to ${STRUCTURE_MAX_LENGTH} characters`);
  const lieuIds = [...new Set(orientation.lieuIds)];
  if (lieuIds.length === 0 || lieuIds.length > MAX_PLACES) throw new RangeError(`an orientation has 1 to ${MAX_PLACES} places`);
  const id = randomUUID();
  await db.query(
    'INSERT INTO orientations (id, recorded_on, services, lieu_ids, structure) VALUES ($1, $2::date, $3::text[], $4::uuid[], $5)',
    [id, parisDay(orientation.at), [...new Set(orientation.services)], lieuIds, structure],
  );
  return id;
}

/** Recorded orientations, oldest day first (for the observatory and the tests). */
export async function listOrientations(db: Queryable): Promise<StoredOrientation[]> {
  return db.query<StoredOrientation>(
    "SELECT id, to_char(recorded_on, 'YYYY-MM-DD') AS recorded_on, services, lieu_ids::text[] AS lieu_ids, structure FROM orientations ORDER BY recorded_on, created_at, id",
  );
}
