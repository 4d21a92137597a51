// Owns the import use case: a file of places from one source goes into the référentiel.
// Rows are streamed and validated one by one (in a worker thread for large files, while this
// thread writes); valid rows are written in batches inside ONE transaction, so an import stopped
// midway leaves the database as it was before it began.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import type { Db } from '../../platform/db.ts';
import type { RowIssue } from '../domain/lieu.ts';
import { communeResolver } from '../../territoires/resolver.ts';
import { FileError } from '../formats/readers.ts';
import { writeRecords, type IncomingRecord, type WriteCounts } from '../store/write-records.ts';
import { validatedRows, WORKER_FROM_BYTES, type RowStream } from './validated-rows.ts';
import { indexDeferral } from './index-deferral.ts';

export type ImportOptions = {
  path: string;
  source: string;
  format?: string;
  actor: string;
  batchSize?: number;
  onProgress?: (progress: { rows: number; rejected: number }) => void;
  /** Read and validate in a worker thread; by default, for files of WORKER_FROM_BYTES or more. */
  validateInWorker?: boolean;
  /**
   * Let a large import write without the secondary indexes and foreign keys, rebuilt at the end
   * (index-deferral.ts); by default only on PGlite, where the import's transaction holds the one
   * session anyway, whereas on a server DROP INDEX would lock readers out until the commit.
   */
  deferIndexes?: boolean;
};

export type ImportReport = {
  source: string;
  file: string;
  format: string;
  details: Record<string, string>;
  rows_read: number;
  rows_rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every problem found, rejected rows (errors) and dropped values (warnings). */
  issues: RowIssue[];
  /** A problem with the file as a whole; rows read before it are still imported. */
  file_error?: { line?: number; reason: string };
  import_run_id?: number;
};

export async function importFile(db: Db, options: ImportOptions): Promise<ImportReport> {
  const startedAt = new Date();
  const large = statSync(options.path).size >= WORKER_FROM_BYTES;
  const inWorker = options.validateInWorker ?? large;
  const deferIndexes = options.deferIndexes ?? (large && db.backend === 'pglite');
  // Started first: the worker loads and opens the file while this thread prepares the database.
  const rows = validatedRows({ path: options.path, ...(options.format !== undefined && { format: options.format }) }, inWorker);
  // Continue from the event loop. When the caller runs from a promise that V8 resolved, as after
  // PGlite's WebAssembly is compiled in a CLI process with nothing else pending, Node runs it inside
  // NodePlatform::DrainTasks, which waits for every background task of the process before it
  // returns to the event loop, the only place where the worker's messages arrive: the worker's
  // own compilations kept the import waiting 0.2-0.9 s for rows already sent (seen with gdb).
  if (inWorker) await setImmediate();
  try {
    return await importRows(db, options, { rows, startedAt, deferIndexes });
  } finally {
    await rows.close();
  }
}

type ImportPlan = { rows: RowStream; startedAt: Date; deferIndexes: boolean };

async function importRows(db: Db, options: ImportOptions, { rows, startedAt, deferIndexes }: ImportPlan): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 1000;
  const report = await db.transaction(async (tx) => {
    // Before the file is open (the worker opens it), what needs only the database.
    const communes = await communeResolver(tx);
    // A first import of a source has no record to compare with: its batches skip that lookup.
    const [known] = await tx.query<{ has: boolean }>('SELECT EXISTS (SELECT 1 FROM source_records WHERE source = $1) AS has', [options.source]);
    const deferral = indexDeferral(tx, deferIndexes);
    await deferral.start();
    const file = await rows.file; // a file that cannot be read stops here: nothing is written
    const report: ImportReport = {
      source: options.source, file: basename(options.path), format: file.format, details: file.details,
      rows_read: 0, rows_rejected: 0, created: 0, updated: 0, unchanged: 0, issues: [],
    };
    const [run] = await tx.query<{ id: number }>(
      `INSERT INTO import_runs (source, format, file_name, actor, started_at, rows_read, rows_created, rows_updated, rows_unchanged, rows_rejected)
       VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 0, 0) RETURNING id`,
      [options.source, file.format, report.file, options.actor, startedAt.toISOString()],
    );
    report.import_run_id = run!.id;
    const ctx = { source: options.source, format: file.format, actor: options.actor, importRunId: run!.id, communes, newSource: !known!.has };
    const seen = new Map<string, number>();
    let batch: IncomingRecord[] = [];
    const flush = async () => {
      if (batch.length > 0) await deferral.beforeBatch(report.created);
      const counts: WriteCounts = await writeRecords(tx, ctx, batch);
      report.created += counts.created;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
      batch = [];
      options.onProgress?.({ rows: report.rows_read, rejected: report.rows_rejected });
    };

    try {
      for await (const { line, issues, place } of rows) {
        report.rows_read++;
        for (const issue of issues) report.issues.push(issue);
        if (!place) {
          report.rows_rejected++;
          continue;
        }
        const firstLine = seen.get(place.id);
        if (firstLine !== undefined) {
          report.rows_rejected++;
          report.issues.push({ line, column: 'id', value: place.id, severity: 'error', reason: `L'identifiant ${place.id} est déjà utilisé ligne ${firstLine} : cette ligne est ignorée.` });
          continue;
        }
        seen.set(place.id, line);
        const commune = communes.resolve(place.adresse) ?? null;
        if (!commune) report.issues.push(unknownCommune(place.adresse, line));
        batch.push({ source_id: place.id, json: place.json, hash: place.hash, prepared: place.prepared, commune });
        if (batch.length >= batchSize) await flush();
      }
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      report.file_error = { ...(error.line !== undefined && { line: error.line }), reason: error.message };
    }
    await flush();
    await deferral.finish();
    await tx.query(
      `UPDATE import_runs SET finished_at = now(), rows_read = $2, rows_created = $3, rows_updated = $4, rows_unchanged = $5,
         rows_rejected = $6, rejections = $7 WHERE id = $1`,
      [run!.id, report.rows_read, report.created, report.updated, report.unchanged, report.rows_rejected, JSON.stringify(report.issues.slice(0, 10000))],
    );
    return report;
  });
  await analyzeIfMuchChanged(db, report.created + report.updated);
  return report;
}

/**
 * PGlite runs no autovacuum: without fresh statistics the planner scans whole tables after a large
 * import. So ANALYZE runs by autovacuum's own rule: once the rows changed exceed 50 + 10 % of the
 * table (never analysed: 0). It is limited to the columns queries filter, join or sort on, with a
 * sample of 3,000 rows (statistics target 10): ~40 ms after 30,000 new places instead of ~0.9 s
 * for the whole rows, whose JSON data no plan estimates. A re-import of an unchanged file changes
 * no statistics. On a server this anticipates autovacuum, whose later full ANALYZE refines it.
 */
async function analyzeIfMuchChanged(db: Db, changed: number): Promise<void> {
  if (changed === 0) return;
  const [table] = await db.query<{ rows: number }>("SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'lieux'::regclass");
  if (changed < 50 + 0.1 * (table?.rows ?? 0)) return;
  await db.transaction(async (tx) => {
    await tx.query("SELECT set_config('default_statistics_target', '10', true)");
    await tx.query(`ANALYZE lieux (${ANALYZED_LIEUX_COLUMNS})`);
    await tx.query('ANALYZE source_records (source, source_id, lieu_id)');
  });
}

const ANALYZED_LIEUX_COLUMNS = 'merged_into, kind, status, nom, pivot, code_postal, commune_code, departement_code, epci_code, region_code, latitude, longitude, revision';

function unknownCommune(adresse: { commune: string; code_postal: string; code_insee?: string }, line: number): RowIssue {
  return {
    line, column: 'commune', value: adresse.commune, severity: 'warning',
    reason: `La commune « ${adresse.commune} » (code postal ${adresse.code_postal}${adresse.code_insee ? `, code INSEE ${adresse.code_insee}` : ''}) n'a pas été reconnue : le lieu est importé, mais il n'apparaîtra pas dans les recherches par territoire. Indiquez le code_insee de la commune actuelle.`,
  };
}
