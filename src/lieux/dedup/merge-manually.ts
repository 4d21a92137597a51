// Owns the manual merge: an operator names the place to keep and the place to merge into it.
// The same rules' measures (distance, name similarity) are recorded for the record, but no rule
// has to hold: the operator decides.
import type { Db } from '../../platform/db.ts';
import { applyMerges, type AppliedMerge } from './apply-merges.ts';
import { loadPlacesForMatching } from './find-candidates.ts';
import { MergeError } from './merge-error.ts';
import { measure } from './rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function mergeManually(db: Db, targetId: string, mergedId: string, actor: string): Promise<AppliedMerge> {
  for (const id of [targetId, mergedId]) {
    if (!UUID.test(id)) throw new MergeError(`« ${id} » n'est pas un identifiant de lieu (UUID).`);
  }
  const places = await loadPlacesForMatching(db, [targetId, mergedId]);
  const target = places.get(targetId.toLowerCase());
  const merged = places.get(mergedId.toLowerCase());
  if (!target) throw new MergeError(`Le lieu ${targetId} n'existe pas.`);
  if (!merged) throw new MergeError(`Le lieu ${mergedId} n'existe pas.`);
  const m = target.id === merged.id ? { distance_m: 0, name_similarity: 1 } : measure(target, merged);
  const [applied] = await applyMerges(
    db,
    [{ target_id: target.id, merged_id: merged.id, reason: 'manual', distance_m: m.distance_m, name_similarity: m.name_similarity }],
    actor,
  );
  return applied!;
}
