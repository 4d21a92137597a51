// Owns the table signalements (migrations/004): error reports sent by visitors about a place,
// kept with the status 'new' until a moderator handles them (moderation comes with issue 4,
// and this module moves to that domain then).
import type { Queryable } from '../../platform/db.ts';
import type { ReportKind } from './report-kinds.ts';

export type NewSignalement = { lieuId: string; kind: ReportKind; message: string };

export async function insertSignalement(db: Queryable, report: NewSignalement): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    'INSERT INTO signalements (lieu_id, kind, message) VALUES ($1, $2, $3) RETURNING id',
    [report.lieuId, report.kind, report.message],
  );
  return row!.id;
}
