// Owns the moderation queue (tables signalements and suggestions): visitors' error reports on a
// place and their proposals of new places wait for a coordinator of the territory (or an admin),
// who accepts them (correcting or publishing the place through edit-lieu.ts) or rejects them with
// a reason. Every decision checks `can(…, 'moderate', …)` on the server.
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../platform/db.ts';
import type { LieuData } from '../lieux/domain/lieu.ts';
import type { CommuneRef } from '../territoires/resolver.ts';
import { can } from '../comptes/permissions.ts';
import type { User } from '../comptes/users.ts';
import { createLieu, EditRefused } from './edit-lieu.ts';

export type NewReport = { lieuId: string; kind: string; message: string };

export async function insertReport(db: Queryable, report: NewReport): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    'INSERT INTO signalements (lieu_id, kind, message) VALUES ($1, $2, $3) RETURNING id',
    [report.lieuId, report.kind, report.message],
  );
  return Number(row!.id);
}

type Territorial = { commune_code: string | null; epci_code: string | null; departement_code: string | null; region_code: string | null };
export type PendingReport = Territorial & { id: number; lieu_id: string; lieu_nom: string; kind: string; message: string; created_at: string };
export type PendingSuggestion = Territorial & { id: string; fields: Record<string, string | string[]>; message: string; created_at: string };

const mayModerate = (user: User, row: Territorial & { lieu_id?: string }) => can(user, 'moderate', { lieu: { ...row, id: row.lieu_id ?? '' } });

/** Reports waiting for this person (coordinators: their territories; admins: all), oldest first. */
export async function pendingReportsFor(db: Queryable, user: User): Promise<PendingReport[]> {
  const rows = await db.query<PendingReport>(
    `SELECT s.id, s.lieu_id, l.nom AS lieu_nom, s.kind, s.message, s.created_at::text AS created_at,
       l.commune_code, l.epci_code, l.departement_code, l.region_code
     FROM signalements s JOIN lieux l ON l.id = s.lieu_id WHERE s.status = 'new' ORDER BY s.created_at, s.id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) })).filter((r) => mayModerate(user, r));
}

export async function pendingReport(db: Queryable, user: User, id: number): Promise<PendingReport | undefined> {
  return (await pendingReportsFor(db, user)).find((r) => r.id === id);
}

/** Closes a report: accepted (with the correction's change_log id, if one was made) or rejected with a reason. */
export async function decideReport(db: Queryable, user: User, id: number, decision: { accept: boolean; reason?: string; changeId?: number }): Promise<void> {
  if (!(await pendingReport(db, user, id))) throw new EditRefused('Ce signalement n’existe pas, est déjà traité, ou ne concerne pas votre territoire.');
  const reason = decision.reason?.trim().slice(0, 500) ?? '';
  if (!decision.accept && !reason) throw new EditRefused('Indiquez la raison du rejet : elle est gardée avec le signalement.');
  await db.query(
    `UPDATE signalements SET status = $2, reason = $3, decided_by = $4, decided_at = now(), change_id = $5 WHERE id = $1 AND status = 'new'`,
    [id, decision.accept ? 'accepted' : 'rejected', reason || null, user.id, decision.changeId ?? null],
  );
}

export async function insertSuggestion(db: Queryable, fields: Record<string, unknown>, message: string, commune: CommuneRef | undefined): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO suggestions (id, fields, message, commune_code, epci_code, departement_code, region_code) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, JSON.stringify(fields), message, commune?.code ?? null, commune?.epci_code ?? null, commune?.departement_code ?? null, commune?.region_code ?? null],
  );
  return id;
}

/**
 * Proposals waiting for this person. A proposal whose commune was not found has no territory:
 * only administrators see it (and can place it).
 */
export async function pendingSuggestionsFor(db: Queryable, user: User): Promise<PendingSuggestion[]> {
  const rows = await db.query<PendingSuggestion>(
    `SELECT id, fields, message, created_at::text AS created_at, commune_code, epci_code, departement_code, region_code
     FROM suggestions WHERE status = 'pending' ORDER BY created_at, id`,
  );
  return rows.filter((r) => mayModerate(user, r));
}

export async function pendingSuggestion(db: Queryable, user: User, id: string): Promise<PendingSuggestion | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return (await pendingSuggestionsFor(db, user)).find((s) => s.id === id);
}

export async function rejectSuggestion(db: Queryable, user: User, id: string, reason: string): Promise<void> {
  if (!(await pendingSuggestion(db, user, id))) throw new EditRefused('Cette proposition n’existe pas, est déjà traitée, ou ne concerne pas votre territoire.');
  if (!reason.trim()) throw new EditRefused('Indiquez la raison du rejet : elle est gardée avec la proposition.');
  await db.query(
    `UPDATE suggestions SET status = 'rejected', reason = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND status = 'pending'`,
    [id, reason.trim().slice(0, 500), user.id],
  );
}

/** Publishes the proposal as completed by the coordinator; returns the new place's id. */
export async function acceptSuggestion(db: Db, user: User, id: string, data: LieuData): Promise<string> {
  if (!(await pendingSuggestion(db, user, id))) throw new EditRefused('Cette proposition n’existe pas, est déjà traitée, ou ne concerne pas votre territoire.');
  const lieuId = await createLieu(db, user, data, { suggestion_id: id });
  await db.query(
    `UPDATE suggestions SET status = 'accepted', lieu_id = $2, decided_by = $3, decided_at = now() WHERE id = $1`,
    [id, lieuId, user.id],
  );
  return lieuId;
}
