// Owns reading many rows as one JSON document. PGlite decodes each row of a result in JavaScript:
// 35,000 communes take ~0.4 s as rows, ~0.1 s aggregated by the database and read with JSON.parse
// (half the time or less for every large reference table measured). Same result on a server.
import type { Queryable } from './db.ts';

/**
 * The rows of `sql`, a query whose single column `rows` is the json_agg of the rows as text
 * (`SELECT json_agg(…)::text AS rows FROM …`); no row matched: [].
 */
export async function readJsonRows<T>(db: Queryable, sql: string, params?: unknown[]): Promise<T[]> {
  const [result] = await db.query<{ rows: string | null }>(sql, params);
  return result?.rows ? (JSON.parse(result.rows) as T[]) : [];
}
