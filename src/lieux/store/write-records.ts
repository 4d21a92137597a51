// Owns writing source records and the places composed from them. Records are keyed by
// (source, source_id): writing the same record twice changes nothing; a changed record
// recomposes its place. Every change to a place is appended to change_log.
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db.ts';
import { pushTo } from '../../platform/collections.ts';
import type { LieuData } from '../domain/lieu.ts';
import type { CommuneRef, CommuneResolver } from '../../territoires/resolver.ts';
import { composeLieu, type SourceRecord } from './compose.ts';
import { LIEU_COLUMN_NAMES, LIEU_COLUMNS, PREPARED_COLUMN_NAMES, PREPARED_COLUMNS, prepareRow, preparedRowJson, toLieuRow, type PreparedRow } from './lieu-row.ts';

/**
 * A record to write: its data as an object or as its JSON text (parsed only if the record changed).
 * `hash` (recordHash of data), `commune` (null: not found) and `prepared` (the new place's row from
 * prepareRow) when the caller knows them already.
 */
export type IncomingRecord = {
  source_id: string;
  hash?: string;
  commune?: CommuneRef | null;
  prepared?: PreparedRow;
  /** the new place's id, when the caller chose it */
  lieu_id?: string;
} & ({ data: LieuData; json?: undefined } | { json: string; data?: undefined });

const dataOf = (record: IncomingRecord): LieuData => record.data ?? (JSON.parse(record.json!) as LieuData);
const jsonOf = (record: IncomingRecord): string => record.json ?? JSON.stringify(record.data);
export type WriteContext = {
  source: string; format: string; actor: string; importRunId?: number; communes: CommuneResolver;
  /**
   * The source had no record when the caller's transaction began, and the caller writes each
   * source id once (an import of a new source): every record is new, nothing is looked up.
   */
  newSource?: boolean;
};
export type WriteCounts = { created: number; updated: number; unchanged: number };

export function recordHash(data: LieuData): string {
  return jsonHash(JSON.stringify(data));
}

/** recordHash of the data whose JSON.stringify is `json`. */
export function jsonHash(json: string): string {
  return createHash('sha1').update(json).digest('base64url');
}

export async function writeRecords(tx: Queryable, ctx: WriteContext, records: readonly IncomingRecord[]): Promise<WriteCounts> {
  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  if (records.length === 0) return counts;
  const existing = ctx.newSource ? new Map<string, { lieu_id: string; hash: string }>() : new Map(
    (
      await tx.query<{ source_id: string; lieu_id: string; hash: string }>(
        'SELECT source_id, lieu_id, hash FROM source_records WHERE source = $1 AND source_id = ANY($2::text[])',
        [ctx.source, records.map((r) => r.source_id)],
      )
    ).map((r) => [r.source_id, r] as const),
  );

  const created: { lieu_id: string; record: IncomingRecord; hash: string }[] = [];
  const changed: { lieu_id: string; record: IncomingRecord; hash: string }[] = [];
  for (const record of records) {
    const hash = record.hash ?? jsonHash(jsonOf(record));
    const before = existing.get(record.source_id);
    if (!before) created.push({ lieu_id: record.lieu_id ?? randomUUID(), record, hash });
    else if (before.hash !== hash) changed.push({ lieu_id: before.lieu_id, record, hash });
    else counts.unchanged++;
  }

  if (created.length > 0) {
    await createPlaces(tx, ctx, created);
    counts.created = created.length;
  }
  if (changed.length > 0) {
    await upsertSourceRecords(tx, ctx, changed);
    const lieuIds = [...new Set(changed.map((c) => c.lieu_id))];
    const before = new Map((await tx.query<{ id: string; data: LieuData }>('SELECT id, data FROM lieux WHERE id = ANY($1::uuid[])', [lieuIds])).map((r) => [r.id, r.data]));
    const after = await recomposeLieux(tx, lieuIds, ctx.communes);
    await logChanges(tx, ctx.actor, 'lieu.update', lieuIds.map((id) => ({
      lieu_id: id,
      details: { source: ctx.source, import_run_id: ctx.importRunId, diff: diffData(before.get(id), after.get(id)) },
    })));
    counts.updated = changed.length;
  }
  return counts;
}

/**
 * New places from new records, in one statement: the batch is sent and parsed once, then written
 * to lieux, source_records and change_log. The rows' columns come as one JSON array and their
 * data as a text[] beside it (zipped by ROWS FROM), so that each place's data is parsed once,
 * straight into its jsonb, instead of within the whole array and copied out of it. A new place is
 * its only record, so the record's data is stored once, in lieux: data NULL in source_records
 * means "the data of my place" (migration 016, whose triggers copy it into the record before the
 * place's data changes or the record moves). Foreign keys of source_records are checked at the
 * end of the statement. The creation's log entry says the source and import run, the same for
 * the whole batch (the record's source id is in source_records).
 */
async function createPlaces(tx: Queryable, ctx: WriteContext, created: { lieu_id: string; record: IncomingRecord; hash: string }[]): Promise<void> {
  const names = LIEU_COLUMN_NAMES.join(', ');
  const rows = created.map(({ lieu_id, record, hash }) => {
    const commune = record.commune === undefined ? ctx.communes.resolve(dataOf(record).adresse) : record.commune ?? undefined;
    const prepared = record.prepared ?? prepareRow(dataOf(record));
    return preparedRowJson({ id: lieu_id, sourceId: record.source_id, hash, prepared }, commune);
  });
  const details = JSON.stringify({ source: ctx.source, ...(ctx.importRunId !== undefined && { import_run_id: ctx.importRunId }) });
  await tx.query(
    `WITH r AS MATERIALIZED (
         SELECT r.*, r.data_json::jsonb AS data
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (${PREPARED_COLUMNS}, source_id text, hash text), unnest($2::text[]))
             AS r(${PREPARED_COLUMN_NAMES.join(', ')}, source_id, hash, data_json)
       ),
       new_lieux AS (INSERT INTO lieux (${names}) SELECT ${names} FROM r),
       new_records AS (
         INSERT INTO source_records (source, source_id, lieu_id, format, data, hash, import_run_id)
         SELECT $3, r.source_id, r.id, $4, NULL, r.hash, $5 FROM r
       )
     INSERT INTO change_log (actor, action, lieu_id, details) SELECT $6, 'lieu.create', r.id, $7::jsonb FROM r`,
    [`[${rows.join(',')}]`, created.map(({ record }) => jsonOf(record)), ctx.source, ctx.format, ctx.importRunId ?? null, ctx.actor, details],
  );
}

async function upsertSourceRecords(tx: Queryable, ctx: WriteContext, items: { lieu_id: string; record: IncomingRecord; hash: string }[]): Promise<void> {
  const rows = items.map((i) => ({ source_id: i.record.source_id, lieu_id: i.lieu_id, data: dataOf(i.record), hash: i.hash }));
  await tx.query(
    `INSERT INTO source_records (source, source_id, lieu_id, format, data, hash, import_run_id)
     SELECT $2, r.source_id, r.lieu_id, $3, r.data, r.hash, $4 FROM jsonb_to_recordset($1::jsonb)
       AS r(source_id text, lieu_id uuid, data jsonb, hash text)
     ON CONFLICT (source, source_id) DO UPDATE SET data = excluded.data, hash = excluded.hash,
       format = excluded.format, import_run_id = excluded.import_run_id, updated_at = now()`,
    [JSON.stringify(rows), ctx.source, ctx.format, ctx.importRunId ?? null],
  );
}

/** Recomposes places from their current source records and rewrites their rows. */
export async function recomposeLieux(tx: Queryable, lieuIds: readonly string[], communes: CommuneResolver): Promise<Map<string, LieuData>> {
  const records = await tx.query<SourceRecord & { lieu_id: string }>(
    `SELECT s.lieu_id, s.source, s.source_id, coalesce(s.data, l.data) AS data
       FROM source_records s JOIN lieux l ON l.id = s.lieu_id
      WHERE s.lieu_id = ANY($1::uuid[]) ORDER BY s.first_seen_at, s.source, s.source_id`,
    [lieuIds],
  );
  const byLieu = new Map<string, SourceRecord[]>();
  for (const r of records) pushTo(byLieu, r.lieu_id, r);
  const rows = [...byLieu].map(([id, recs]) => toLieuRow(id, composeLieu(recs).data, communes));
  if (rows.length > 0) {
    const sets = LIEU_COLUMN_NAMES.filter((c) => c !== 'id').map((c) => `${c} = r.${c}`).join(', ');
    await tx.query(
      `UPDATE lieux SET ${sets}, updated_at = now() FROM jsonb_to_recordset($1::jsonb) AS r(${LIEU_COLUMNS}) WHERE lieux.id = r.id`,
      [JSON.stringify(rows)],
    );
  }
  return new Map(rows.map((r) => [r.id, r.data]));
}

export async function logChanges(tx: Queryable, actor: string, action: string, entries: { lieu_id: string | null; details: object }[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO change_log (actor, action, lieu_id, details)
     SELECT $2, $3, e.lieu_id, e.details FROM jsonb_to_recordset($1::jsonb) AS e(lieu_id uuid, details jsonb)`,
    [JSON.stringify(entries), actor, action],
  );
}

/** Field-level diff between two versions of a place: { field: [before, after] }. */
export function diffData(before: LieuData | undefined, after: LieuData | undefined): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const a = (before as Record<string, unknown> | undefined)?.[key];
    const b = (after as Record<string, unknown> | undefined)?.[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) diff[key] = [a ?? null, b ?? null];
  }
  return diff;
}
