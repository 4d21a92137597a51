// Owns reading one row of `merges` inside a transaction, locked for the decision about to be
// taken on it (undo, confirm).
import type { Queryable } from '../../platform/db.ts';
import { MergeError } from './merge-error.ts';

export type MergeStatus = 'applied' | 'confirmed' | 'undone';

export type MergeRecord = {
  id: number;
  target_id: string;
  merged_id: string;
  reason: string;
  distance_m: number | null;
  name_similarity: number | null;
  moved_records: [source: string, source_id: string][];
  status: MergeStatus;
  created_at: Date;
  created_by: string;
  decided_at: Date | null;
  decided_by: string | null;
};

export async function lockMerge(tx: Queryable, mergeId: number): Promise<MergeRecord> {
  if (!Number.isSafeInteger(mergeId) || mergeId <= 0) throw new MergeError(`« ${mergeId} » n'est pas un numéro de fusion.`);
  const [merge] = await tx.query<MergeRecord>('SELECT * FROM merges WHERE id = $1 FOR UPDATE', [mergeId]);
  if (!merge) throw new MergeError(`La fusion n° ${mergeId} n'existe pas.`);
  return merge;
}
