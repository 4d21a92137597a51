// Owns the import use case: a file of places from one source goes into the référentiel.
// Rows are streamed and validated one by one; valid rows are written in batches inside ONE
// transaction, so an import stopped midway leaves the database as it was before it began.
import { basename } from 'node:path';
import type { Db } from '../../platform/db.ts';
import type { RowIssue } from '../domain/lieu.ts';
import { communeResolver } from '../../territoires/resolver.ts';
import { openImportFile } from '../formats/registry.ts';
import { FileError } from '../formats/readers.ts';
import { writeRecords, type IncomingRecord, type WriteCounts } from '../store/write-records.ts';

export type ImportOptions = {
  path: string;
  source: string;
  format?: string;
  actor: string;
  batchSize?: number;
  onProgress?: (progress: { rows: number; rejected: number }) => void;
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
  const opened = await openImportFile(options.path, options.format);
  const communes = await communeResolver(db);
  const batchSize = options.batchSize ?? 1000;
  const report: ImportReport = {
    source: options.source, file: basename(options.path), format: opened.format, details: opened.details,
    rows_read: 0, rows_rejected: 0, created: 0, updated: 0, unchanged: 0, issues: [],
  };

  await db.transaction(async (tx) => {
    const [run] = await tx.query<{ id: number }>(
      `INSERT INTO import_runs (source, format, file_name, actor, started_at, rows_read, rows_created, rows_updated, rows_unchanged, rows_rejected)
       VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 0, 0) RETURNING id`,
      [options.source, opened.format, report.file, options.actor, startedAt.toISOString()],
    );
    report.import_run_id = run!.id;
    const ctx = { source: options.source, format: opened.format, actor: options.actor, importRunId: run!.id, communes };
    const seen = new Map<string, number>();
    let batch: IncomingRecord[] = [];
    const flush = async () => {
      const counts: WriteCounts = await writeRecords(tx, ctx, batch);
      report.created += counts.created;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
      batch = [];
      options.onProgress?.({ rows: report.rows_read, rejected: report.rows_rejected });
    };

    try {
      for await (const { line, record, issues: readIssues = [] } of opened.rows()) {
        report.rows_read++;
        // A row the reader already refused (values in the wrong columns, a NUL character) is not validated.
        const result = readIssues.some((i) => i.severity === 'error') ? { issues: [] } : opened.map(record, line);
        report.issues.push(...readIssues, ...result.issues);
        if (!result.data) {
          report.rows_rejected++;
          continue;
        }
        const firstLine = seen.get(result.data.id);
        if (firstLine !== undefined) {
          report.rows_rejected++;
          report.issues.push({ line, column: 'id', value: result.data.id, severity: 'error', reason: `L'identifiant ${result.data.id} est déjà utilisé ligne ${firstLine} : cette ligne est ignorée.` });
          continue;
        }
        seen.set(result.data.id, line);
        if (!communes.resolve(result.data.adresse)) report.issues.push(unknownCommune(result.data.adresse, line));
        batch.push({ source_id: result.data.id, data: result.data });
        if (batch.length >= batchSize) await flush();
      }
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      report.file_error = { ...(error.line !== undefined && { line: error.line }), reason: error.message };
    }
    await flush();
    await tx.query(
      `UPDATE import_runs SET finished_at = now(), rows_read = $2, rows_created = $3, rows_updated = $4, rows_unchanged = $5,
         rows_rejected = $6, rejections = $7 WHERE id = $1`,
      [run!.id, report.rows_read, report.created, report.updated, report.unchanged, report.rows_rejected, JSON.stringify(report.issues.slice(0, 10000))],
    );
  });
  // PGlite runs no autovacuum: without fresh statistics the planner scans whole tables after a
  // large import. On a server this only anticipates autovacuum.
  await db.exec('ANALYZE lieux; ANALYZE source_records');
  return report;
}

function unknownCommune(adresse: { commune: string; code_postal: string; code_insee?: string }, line: number): RowIssue {
  return {
    line, column: 'commune', value: adresse.commune, severity: 'warning',
    reason: `La commune « ${adresse.commune} » (code postal ${adresse.code_postal}${adresse.code_insee ? `, code INSEE ${adresse.code_insee}` : ''}) n'a pas été reconnue : le lieu est importé, mais il n'apparaîtra pas dans les recherches par territoire. Indiquez le code_insee de la commune actuelle.`,
  };
}
