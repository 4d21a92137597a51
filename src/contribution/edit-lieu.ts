// Owns changing a place by hand (form, moderation, revert, "still correct" confirmation): the
// change is a source record of the source `passerelle` for that place, so a place keeps being
// composed from its records like any import (lieux/store/compose.ts) and a later import of a
// newer record still wins. Permissions are checked here, on the server, for every save, and a
// save made on an outdated version of the place is refused (optimistic locking on lieux.revision).
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../platform/db.ts';
import { LIEU_FIELDS, type LieuData } from '../lieux/domain/lieu.ts';
import { diffData, logChanges, recomposeLieux, recordHash, writeRecords } from '../lieux/store/write-records.ts';
import { communeResolver } from '../territoires/resolver.ts';
import { can, type Action } from '../comptes/permissions.ts';
import type { User } from '../comptes/users.ts';
import { actorOf } from './actors.ts';
import { now as clockNow } from '../platform/clock.ts';

/** The source of every change made in Passerelle itself; its record for a place has the place's id. */
export const CONTRIBUTION_SOURCE = 'passerelle';

export type EditablePlace = {
  id: string; revision: number; loaded_at: string; data: LieuData;
  commune_code: string | null; epci_code: string | null; departement_code: string | null; region_code: string | null;
};

export type ChangeSummary = { id: number; at: string; actor: string; action: string; diff: Record<string, [unknown, unknown]> };

export class EditRefused extends Error {}

/** Someone else saved the place since it was loaded: what they changed, and the current version. */
export class EditConflict extends Error {
  constructor(readonly current: EditablePlace, readonly changes: ChangeSummary[]) {
    super('Ce lieu a été modifié par quelqu’un d’autre pendant que vous le modifiiez.');
  }
}

/** The place as a form shows it, with the revision and time the save will be checked against. */
export async function loadEditable(db: Queryable, lieuId: string, lock = false): Promise<EditablePlace | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(lieuId)) return undefined;
  const [row] = await db.query<EditablePlace>(
    `SELECT id, revision, now()::text AS loaded_at, data, commune_code, epci_code, departement_code, region_code
     FROM lieux WHERE id = $1 AND merged_into IS NULL${lock ? ' FOR UPDATE' : ''}`,
    [lieuId],
  );
  return row;
}

export type SaveRequest = {
  lieuId: string;
  /** The revision the person saw; undefined skips the check (a coordinator accepting a suggestion). */
  expectedRevision: number | undefined;
  loadedAt?: string;
  data: LieuData;
  action: 'lieu.edit' | 'lieu.revert' | 'lieu.verify' | 'lieu.moderate';
  /** Which action of the permission matrix this save needs. */
  permission?: Action;
  details?: Record<string, unknown>;
};

/**
 * Saves a new version of the place: `data` is what the person wants the place to be. Verified now
 * by the person saving it. Returns the new revision; throws EditRefused or EditConflict.
 */
export async function saveLieu(db: Db, user: User, request: SaveRequest): Promise<{ revision: number; diff: Record<string, [unknown, unknown]> }> {
  const communes = await communeResolver(db); // before the transaction: PGlite runs one query at a time
  return db.transaction(async (tx) => {
    const current = await loadEditable(tx, request.lieuId, true);
    if (!current) throw new EditRefused('Ce lieu n’existe pas ou a été fusionné avec un autre.');
    if (!can(user, request.permission ?? 'edit', { lieu: current })) {
      throw new EditRefused('Vous ne pouvez pas modifier ce lieu : il faut en être responsable, ou coordonner son territoire.');
    }
    if (request.expectedRevision !== undefined && Number(current.revision) !== request.expectedRevision) {
      throw new EditConflict(current, await changesSince(tx, request.lieuId, request.loadedAt ?? current.loaded_at));
    }
    const now = clockNow();
    const wanted: LieuData = { ...request.data, id: current.data.id, date_maj: now.toISOString().slice(0, 10), verified_at: now.toISOString() };
    const record = contributionRecord(wanted);
    await tx.query(
      `INSERT INTO source_records (source, source_id, lieu_id, format, data, hash) VALUES ($1, $2::text, $2::uuid, 'formulaire', $3, $4)
       ON CONFLICT (source, source_id) DO UPDATE SET data = excluded.data, hash = excluded.hash, updated_at = now()`,
      [CONTRIBUTION_SOURCE, request.lieuId, JSON.stringify(record), recordHash(record)],
    );
    const after = (await recomposeLieux(tx, [request.lieuId], communes)).get(request.lieuId);
    const diff = diffData(current.data, after);
    await logChanges(tx, actorOf(user), request.action, [{ lieu_id: request.lieuId, details: { source: CONTRIBUTION_SOURCE, ...request.details, diff } }]);
    const [{ revision }] = (await tx.query<{ revision: number }>('SELECT revision FROM lieux WHERE id = $1', [request.lieuId])) as [{ revision: number }];
    return { revision: Number(revision), diff };
  });
}

/**
 * Publishes a new place (a visitor's proposal completed by a coordinator): needs the right to
 * moderate the territory of its address. Returns the place's id.
 */
export async function createLieu(db: Db, user: User, data: LieuData, details: Record<string, unknown>): Promise<string> {
  const communes = await communeResolver(db);
  const commune = communes.resolve(data.adresse);
  const territory = { id: '', commune_code: commune?.code ?? null, epci_code: commune?.epci_code ?? null, departement_code: commune?.departement_code ?? null, region_code: commune?.region_code ?? null };
  if (!can(user, 'moderate', { lieu: territory })) throw new EditRefused('Vous ne pouvez pas publier un lieu hors de vos territoires.');
  const id = randomUUID();
  const at = clockNow();
  await db.transaction(async (tx) => {
    await writeRecords(tx, { source: CONTRIBUTION_SOURCE, format: 'formulaire', actor: actorOf(user), communes }, [
      { source_id: id, lieu_id: id, commune: commune ?? null, data: { ...data, date_maj: at.toISOString().slice(0, 10), verified_at: at.toISOString() } },
    ]);
    await logChanges(tx, actorOf(user), 'lieu.moderate', [{ lieu_id: id, details: { source: CONTRIBUTION_SOURCE, ...details } }]);
  });
  return id;
}

/** Every field of the standard, null where the person left it empty: older records must not show through. */
function contributionRecord(data: LieuData): LieuData {
  const record = { ...data } as Record<string, unknown>;
  for (const field of LIEU_FIELDS) if (record[field] === undefined) record[field] = null;
  return record as LieuData;
}

async function changesSince(db: Queryable, lieuId: string, since: string): Promise<ChangeSummary[]> {
  const rows = await db.query<{ id: number; at: string; actor: string; action: string; details: { diff?: ChangeSummary['diff'] } }>(
    `SELECT id, at::text AS at, actor, action, details FROM change_log WHERE lieu_id = $1 AND at >= $2::timestamptz ORDER BY id`,
    [lieuId, since],
  );
  return rows.map((r) => ({ id: Number(r.id), at: r.at, actor: r.actor, action: r.action, diff: r.details.diff ?? {} }));
}
