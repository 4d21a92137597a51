// Owns a place's history as people read it (every change_log entry of the place, whatever path
// wrote it: form, moderation, import, merge) and reverting one change. Reverting puts back the
// values the change replaced, for the fields nobody changed again since; if a later change
// touched one of them, the revert is refused and says which fields, rather than undo someone
// else's work. Merges are undone with their own tool (passerelle fusions annuler), not here.
import type { Db, Queryable } from '../platform/db.ts';
import type { LieuData } from '../lieux/domain/lieu.ts';
import type { User } from '../comptes/users.ts';
import { can } from '../comptes/permissions.ts';
import { describeActors } from './actors.ts';
import { EditRefused, loadEditable, saveLieu } from './edit-lieu.ts';

export type HistoryEntry = {
  id: number; at: string; action: string; actor: string; who: string; source: string | null;
  diff: Record<string, [unknown, unknown]>; revertible: boolean;
};

/** Change actions whose diff can be reverted by writing the previous values back. */
const REVERTIBLE = new Set(['lieu.update', 'lieu.edit', 'lieu.revert', 'lieu.moderate', 'lieu.verify']);

export async function lieuHistory(db: Queryable, lieuId: string, limit = 200): Promise<HistoryEntry[]> {
  const rows = await db.query<{ id: number; at: string; action: string; actor: string; details: { source?: string; diff?: HistoryEntry['diff'] } }>(
    'SELECT id, at::text AS at, action, actor, details FROM change_log WHERE lieu_id = $1 ORDER BY id DESC LIMIT $2',
    [lieuId, limit],
  );
  const who = await describeActors(db, rows.map((r) => r.actor));
  return rows.map((r) => {
    const diff = r.details.diff ?? {};
    return {
      id: Number(r.id), at: r.at, action: r.action, actor: r.actor, who: who.get(r.actor) ?? r.actor,
      source: r.details.source ?? null, diff, revertible: REVERTIBLE.has(r.action) && Object.keys(diff).some((f) => f !== 'date_maj' && f !== 'verified_at'),
    };
  });
}

/** Who may read a place's history: its managers, the coordinators of its territory, administrators. */
export function canSeeHistory(user: User | undefined, place: Parameters<typeof can>[2] & { lieu: unknown }): boolean {
  return can(user, 'edit', place);
}

export async function revertChange(db: Db, user: User, lieuId: string, changeId: number, expectedRevision: number): Promise<{ revision: number }> {
  const [entry] = await db.query<{ action: string; details: { diff?: Record<string, [unknown, unknown]> } }>(
    'SELECT action, details FROM change_log WHERE id = $1 AND lieu_id = $2',
    [changeId, lieuId],
  );
  if (!entry || !REVERTIBLE.has(entry.action) || !entry.details.diff) throw new EditRefused('Cette modification ne peut pas être annulée ici.');
  const current = await loadEditable(db, lieuId);
  if (!current) throw new EditRefused('Ce lieu n’existe pas ou a été fusionné avec un autre.');
  const data = { ...current.data } as Record<string, unknown>;
  const changedSince: string[] = [];
  for (const [field, [before, after]] of Object.entries(entry.details.diff)) {
    if (field === 'date_maj' || field === 'verified_at') continue;
    if (JSON.stringify(data[field] ?? null) !== JSON.stringify(after ?? null)) changedSince.push(field);
    else if (before === null || before === undefined) delete data[field];
    else data[field] = before;
  }
  if (changedSince.length > 0) {
    throw new EditRefused(`Impossible d’annuler : ${changedSince.join(', ')} ${changedSince.length > 1 ? 'ont' : 'a'} été modifié depuis. Modifiez le lieu directement.`);
  }
  return saveLieu(db, user, { lieuId, expectedRevision, data: data as LieuData, action: 'lieu.revert', details: { reverted: changeId } });
}
