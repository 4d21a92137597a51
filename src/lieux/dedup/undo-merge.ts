// Owns undoing a merge: exactly the records it moved go back to the merged place, which becomes
// visible again; both places are recomposed; the merge is marked 'undone' and the pair is never
// proposed again by detection. One transaction.
import type { Db, Queryable } from '../../platform/db.ts';
import type { LieuData } from '../domain/lieu.ts';
import { communeResolver } from '../../territoires/resolver.ts';
import { diffData, logChanges, recomposeLieux } from '../store/write-records.ts';
import { MergeError } from './merge-error.ts';
import { lockMerge, type MergeRecord } from './lock-merge.ts';

export async function undoMerge(db: Db, mergeId: number, actor: string): Promise<MergeRecord> {
  const communes = await communeResolver(db); // before the transaction: PGlite runs one query at a time
  return db.transaction(async (tx) => {
    const merge = await lockMerge(tx, mergeId);
    if (merge.status === 'undone') throw new MergeError(`La fusion n° ${mergeId} est déjà annulée.`);
    await checkUndoable(tx, merge);

    const [before] = await tx.query<{ data: LieuData }>('SELECT data FROM lieux WHERE id = $1', [merge.target_id]);
    await tx.query(
      `UPDATE source_records s SET lieu_id = $2
         FROM jsonb_array_elements($1::jsonb) e WHERE s.source = e->>0 AND s.source_id = e->>1`,
      [JSON.stringify(merge.moved_records), merge.merged_id],
    );
    await tx.query('UPDATE lieux SET merged_into = NULL, updated_at = now() WHERE id = $1', [merge.merged_id]);
    const after = await recomposeLieux(tx, [merge.target_id, merge.merged_id], communes);
    const [updated] = await tx.query<MergeRecord>(
      "UPDATE merges SET status = 'undone', decided_at = now(), decided_by = $2 WHERE id = $1 RETURNING *",
      [mergeId, actor],
    );
    await logChanges(tx, actor, 'lieu.merge.undo', [
      { lieu_id: merge.target_id, details: { merge_id: mergeId, merged_id: merge.merged_id, moved_records: merge.moved_records, diff: diffData(before?.data, after.get(merge.target_id)) } },
      { lieu_id: merge.merged_id, details: { merge_id: mergeId, target_id: merge.target_id, moved_records: merge.moved_records } },
    ]);
    return updated!;
  });
}

/**
 * Undoing is exact only while the records are still where the merge put them: if the target was
 * itself merged since, that later merge must be undone first.
 */
async function checkUndoable(tx: Queryable, merge: MergeRecord): Promise<void> {
  const places = await tx.query<{ id: string; merged_into: string | null }>(
    'SELECT id, merged_into FROM lieux WHERE id = ANY($1::uuid[]) FOR UPDATE',
    [[merge.target_id, merge.merged_id]],
  );
  const target = places.find((p) => p.id === merge.target_id);
  const merged = places.find((p) => p.id === merge.merged_id);
  if (target?.merged_into) {
    const [later] = await tx.query<{ id: number }>(
      "SELECT id FROM merges WHERE merged_id = $1 AND status <> 'undone' ORDER BY id DESC LIMIT 1",
      [merge.target_id],
    );
    throw new MergeError(
      `Le lieu cible ${merge.target_id} a depuis été fusionné dans le lieu ${target.merged_into}` +
        (later ? ` (fusion n° ${later.id}) : annulez d'abord la fusion n° ${later.id}.` : '.'),
    );
  }
  if (merged?.merged_into !== merge.target_id) {
    throw new MergeError(`Le lieu ${merge.merged_id} n'est plus fusionné dans ${merge.target_id} : la fusion n° ${merge.id} ne peut pas être annulée.`);
  }
  const [elsewhere] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM source_records s JOIN jsonb_array_elements($1::jsonb) e ON s.source = e->>0 AND s.source_id = e->>1
      WHERE s.lieu_id <> $2`,
    [JSON.stringify(merge.moved_records), merge.target_id],
  );
  if ((elsewhere?.n ?? 0) > 0) {
    throw new MergeError(`${elsewhere!.n} des enregistrements déplacés par la fusion n° ${merge.id} ne sont plus sur le lieu cible : elle ne peut pas être annulée.`);
  }
}
