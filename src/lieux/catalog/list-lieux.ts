// Owns filtered lists of places with keyset (cursor) pagination, served from the catalog.
import type { Db } from '../../platform/db.ts';
import type { LieuFilters } from '../store/read-lieux.ts';
import { count, positions } from './bitset.ts';
import { catalog, type CatalogSnapshot } from './catalog.ts';
import { compareEntries, type CatalogEntry } from './entry.ts';

/** Where the next page starts: the (name, id) of the last place shown. */
export type Cursor = { nom: string; id: string };
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.nom, c.id])).toString('base64url');
export function decodeCursor(value: string): Cursor | undefined {
  try {
    const [nom, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (typeof nom !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return { nom, id };
  } catch {
    return undefined;
  }
}

export type LieuxPage = { items: CatalogEntry[]; next?: Cursor; total: number };

/** One page of the places matching the filters, in name order, after the cursor, and how many match. */
export async function listLieux(db: Db, filters: LieuFilters, page: { limit: number; after?: Cursor }): Promise<LieuxPage> {
  return listIn(await catalog(db), filters, page);
}

/** The same, in a snapshot the caller already holds. */
export function listIn({ entries, index }: CatalogSnapshot, filters: LieuFilters, page: { limit: number; after?: Cursor }): LieuxPage {
  const matching = index.evaluate(filters);
  const start = page.after ? firstAfter(entries, page.after) : 0;
  const items: CatalogEntry[] = [];
  let hasMore = false;
  for (const p of positions(matching, start)) {
    if (items.length === page.limit) {
      hasMore = true;
      break;
    }
    items.push(entries[p]!);
  }
  const last = items[items.length - 1];
  return { items, total: count(matching), ...(hasMore && last && { next: { nom: last.nom, id: last.id } }) };
}

/** Position of the first entry strictly after the cursor (binary search in list order). */
function firstAfter(entries: readonly CatalogEntry[], cursor: Cursor): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareEntries(entries[mid]!, cursor) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
