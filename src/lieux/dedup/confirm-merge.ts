// Owns confirming a merge: an operator checked that the two places are indeed one; the merge
// becomes 'confirmed' and leaves the queue of merges to check. One transaction.
import type { Db } from '../../platform/db.ts';
import { logChanges } from '../store/write-records.ts';
import { MergeError } from './merge-error.ts';
import { lockMerge, type MergeRecord } from './lock-merge.ts';

export async function confirmMerge(db: Db, mergeId: number, actor: string): Promise<MergeRecord> {
  return db.transaction(async (tx) => {
    const merge = await lockMerge(tx, mergeId);
    if (merge.status === 'confirmed') throw new MergeError(`La fusion n° ${mergeId} est déjà confirmée.`);
    if (merge.status === 'undone') throw new MergeError(`La fusion n° ${mergeId} a été annulée : elle ne peut plus être confirmée.`);
    const [updated] = await tx.query<MergeRecord>(
      "UPDATE merges SET status = 'confirmed', decided_at = now(), decided_by = $2 WHERE id = $1 RETURNING *",
      [mergeId, actor],
    );
    await logChanges(tx, actor, 'lieu.merge.confirm', [
      { lieu_id: merge.target_id, details: { merge_id: mergeId, merged_id: merge.merged_id } },
    ]);
    return updated!;
  });
}
