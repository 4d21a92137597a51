// Owns applying merges: each merged place's source records move to its target (none is ever
// deleted), the merged place is hidden behind merged_into, the target is recomposed from all its
// records, and every merge is recorded in `merges` (status 'applied') and in change_log.
// A list of merges is applied in ONE transaction, in order: all of them or none.
import type { Db, Queryable } from '../../platform/db.ts';
import type { LieuData } from '../domain/lieu.ts';
import { communeResolver } from '../../territoires/resolver.ts';
import { diffData, logChanges, recomposeLieux } from '../store/write-records.ts';
import { MergeError } from './merge-error.ts';
import { chainSegments, type PlannedMerge } from './plan.ts';
import type { MatchReason } from './rules.ts';

export type MergeRequest = {
  target_id: string;
  merged_id: string;
  reason: MatchReason;
  distance_m: number | null;
  name_similarity: number | null;
};

export type AppliedMerge = MergeRequest & { id: number; moved_records: [source: string, source_id: string][] };

export const requestFromPlan = (p: PlannedMerge): MergeRequest => ({
  target_id: p.target.id,
  merged_id: p.merged.id,
  reason: p.match.reason,
  distance_m: p.match.distance_m,
  name_similarity: p.match.name_similarity,
});

export async function applyMerges(db: Db, requests: readonly MergeRequest[], actor: string): Promise<AppliedMerge[]> {
  if (requests.length === 0) return [];
  const communes = await communeResolver(db); // loaded before the transaction: PGlite runs one query at a time
  return db.transaction(async (tx) => {
    const targetIds = [...new Set(requests.map((r) => r.target_id))];
    await checkMergeable(tx, requests);
    const before = new Map(
      (await tx.query<{ id: string; data: LieuData }>('SELECT id, data FROM lieux WHERE id = ANY($1::uuid[])', [targetIds])).map((r) => [r.id, r.data]),
    );

    const moved = new Map<string, [string, string][]>(requests.map((r) => [r.merged_id, []]));
    for (const segment of chainSegments(requests)) {
      const pairs = JSON.stringify(segment.map((r) => ({ target_id: r.target_id, merged_id: r.merged_id })));
      const records = await tx.query<{ merged_id: string; source: string; source_id: string }>(
        `UPDATE source_records s SET lieu_id = m.target_id
           FROM jsonb_to_recordset($1::jsonb) AS m(target_id uuid, merged_id uuid)
          WHERE s.lieu_id = m.merged_id
         RETURNING m.merged_id, s.source, s.source_id`,
        [pairs],
      );
      for (const r of records) moved.get(r.merged_id)!.push([r.source, r.source_id]);
      await tx.query(
        `UPDATE lieux l SET merged_into = m.target_id, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS m(target_id uuid, merged_id uuid) WHERE l.id = m.merged_id`,
        [pairs],
      );
    }
    for (const list of moved.values()) list.sort(compareRecords);

    const inserted = await tx.query<{ id: number; merged_id: string }>(
      `INSERT INTO merges (target_id, merged_id, reason, distance_m, name_similarity, moved_records, status, created_by)
       SELECT (m->>'target_id')::uuid, (m->>'merged_id')::uuid, m->>'reason', (m->>'distance_m')::double precision,
              (m->>'name_similarity')::double precision, m->'moved_records', 'applied', $2
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(m, n)
        ORDER BY n
       RETURNING id, merged_id`,
      [JSON.stringify(requests.map((r) => ({ ...r, moved_records: moved.get(r.merged_id) }))), actor],
    );
    const idOf = new Map(inserted.map((m) => [m.merged_id, m.id]));
    const applied = requests.map((r) => ({ ...r, id: idOf.get(r.merged_id)!, moved_records: moved.get(r.merged_id)! }));

    // Targets absorbed later in the same list have no records left and are skipped here.
    const after = await recomposeLieux(tx, targetIds, communes);
    const lastMergeInto = new Map(applied.map((m) => [m.target_id, m.id]));
    await logChanges(tx, actor, 'lieu.merge', applied.map((m) => ({
      lieu_id: m.target_id,
      details: {
        merge_id: m.id, merged_id: m.merged_id, reason: m.reason, distance_m: m.distance_m, name_similarity: m.name_similarity,
        moved_records: m.moved_records,
        ...(lastMergeInto.get(m.target_id) === m.id && after.has(m.target_id) && { diff: diffData(before.get(m.target_id), after.get(m.target_id)) }),
      },
    })));
    await logChanges(tx, actor, 'lieu.merged_into', applied.map((m) => ({
      lieu_id: m.merged_id,
      details: { merge_id: m.id, target_id: m.target_id, moved_records: m.moved_records },
    })));
    return applied;
  });
}

/** Every place exists, and each merge joins two places still visible at its turn. */
async function checkMergeable(tx: Queryable, requests: readonly MergeRequest[]): Promise<void> {
  const ids = [...new Set(requests.flatMap((r) => [r.target_id, r.merged_id]))];
  const rows = await tx.query<{ id: string; merged_into: string | null }>(
    'SELECT id, merged_into FROM lieux WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  const mergedInto = new Map(rows.map((r) => [r.id, r.merged_into]));
  for (const r of requests) {
    if (r.target_id === r.merged_id) throw new MergeError(`Un lieu ne peut pas être fusionné avec lui-même (${r.target_id}).`);
    for (const id of [r.target_id, r.merged_id]) {
      if (!mergedInto.has(id)) throw new MergeError(`Le lieu ${id} n'existe pas.`);
      const into = mergedInto.get(id);
      if (into) throw new MergeError(`Le lieu ${id} a déjà été fusionné dans le lieu ${into}.`);
    }
    mergedInto.set(r.merged_id, r.target_id);
  }
}

const compareRecords = (x: [string, string], y: [string, string]) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]);
