// Owns the shape of one place in the catalog (the in-memory read model of visible places) and
// the query that loads places written since a revision.
import type { Queryable } from '../../platform/db.ts';
import type { StoredLieu } from '../store/read-lieux.ts';
import { lieuArrays, type LieuArrays, type LieuRow } from '../store/lieu-row.ts';

export type CatalogEntry = StoredLieu & { revision: number } & Pick<LieuRow, 'nom' | 'latitude' | 'longitude' | 'search_text'> & LieuArrays;

type Row = Omit<CatalogEntry, keyof LieuArrays> & { merged_into: string | null };

/** Places written after `revision` (merged-away ones included, so the catalog can drop them). */
export async function loadChanges(db: Queryable, revision: number): Promise<(CatalogEntry & { merged_into: string | null })[]> {
  const rows = await db.query<Row>(
    `SELECT l.id, l.nom, l.kind, l.status, l.data, l.commune_code, l.departement_code, l.epci_code, l.region_code,
       c.nom AS commune_nom, l.updated_at, l.revision, l.latitude, l.longitude, l.search_text, l.merged_into
     FROM lieux l LEFT JOIN communes c ON c.code = l.commune_code
     WHERE l.revision > $1`,
    [revision],
  );
  return rows.map((row) => Object.assign(row, lieuArrays(row.data)));
}

export async function currentVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT n FROM lieux_version');
  return row?.n ?? 0;
}

/** List order of places: name, then id (the same keys as the cursor). */
export function compareEntries(a: { nom: string; id: string }, b: { nom: string; id: string }): number {
  return a.nom < b.nom ? -1 : a.nom > b.nom ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
