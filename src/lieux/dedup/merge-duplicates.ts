// Owns the automatic merge of probable duplicates (run after an import): detection, then every
// proposed merge applied in one transaction with status 'applied', for operators to confirm or
// undo later.
import type { Db } from '../../platform/db.ts';
import { applyMerges, requestFromPlan, type AppliedMerge } from './apply-merges.ts';
import { detectDuplicates } from './detect.ts';

export async function mergeProbableDuplicates(db: Db, actor: string): Promise<AppliedMerge[]> {
  const plan = await detectDuplicates(db);
  return applyMerges(db, plan.map(requestFromPlan), actor);
}
