// Owns reading the history of merges, most recent first, with the names of the two places, for
// operators (CLI) and the read-only API. Pagination by keyset on the merge number.
import type { Queryable } from '../../platform/db.ts';
import type { MergeStatus } from './lock-merge.ts';

export type MergeView = {
  id: number;
  status: MergeStatus;
  reason: string;
  distance_m: number | null;
  name_similarity: number | null;
  target: { id: string; nom: string };
  merged: { id: string; nom: string };
  moved_records: { source: string; source_id: string }[];
  created_at: string;
  created_by: string;
  decided_at: string | null;
  decided_by: string | null;
};

export type MergeFilters = { status?: MergeStatus; limit?: number; before?: number };

export async function listMerges(db: Queryable, filters: MergeFilters = {}): Promise<{ items: MergeView[]; total: number; next?: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filters.status) {
    params.push(filters.status);
    where.push(`m.status = $${params.length}`);
  }
  const countWhere = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const countParams = [...params];
  if (filters.before !== undefined) {
    params.push(filters.before);
    where.push(`m.id < $${params.length}`);
  }
  const limit = filters.limit ?? 50;
  params.push(limit + 1);
  const rows = await db.query<{
    id: number; status: MergeStatus; reason: string; distance_m: number | null; name_similarity: number | null;
    target_id: string; target_nom: string; merged_id: string; merged_nom: string; moved_records: [string, string][];
    created_at: Date | string; created_by: string; decided_at: Date | string | null; decided_by: string | null;
  }>(
    `SELECT m.id, m.status, m.reason, m.distance_m, m.name_similarity, m.target_id, t.nom AS target_nom,
            m.merged_id, x.nom AS merged_nom, m.moved_records, m.created_at, m.created_by, m.decided_at, m.decided_by
       FROM merges m JOIN lieux t ON t.id = m.target_id JOIN lieux x ON x.id = m.merged_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY m.id DESC LIMIT $${params.length}`,
    params,
  );
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM merges m ${countWhere}`, countParams);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    status: r.status,
    reason: r.reason,
    distance_m: r.distance_m,
    name_similarity: r.name_similarity,
    target: { id: r.target_id, nom: r.target_nom },
    merged: { id: r.merged_id, nom: r.merged_nom },
    moved_records: r.moved_records.map(([source, source_id]) => ({ source, source_id })),
    created_at: new Date(r.created_at).toISOString(),
    created_by: r.created_by,
    decided_at: r.decided_at === null ? null : new Date(r.decided_at).toISOString(),
    decided_by: r.decided_by,
  }));
  const last = items[items.length - 1];
  return { items, total: count?.n ?? 0, ...(rows.length > limit && last && { next: last.id }) };
}
