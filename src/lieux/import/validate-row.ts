// Owns validating one row of an opened file into a place (or its problems), and the messages of
// the validation worker: the part of the import that runs in either thread.
import type { Adresse, RowIssue } from '../domain/lieu.ts';
import type { OpenedFile } from '../formats/registry.ts';
import type { FlatRow } from '../formats/standard-row.ts';
import { jsonHash } from '../store/write-records.ts';
import { prepareRow, type PreparedRow } from '../store/lieu-row.ts';

/**
 * One row of the file: its problems, and the place when it is valid. The place travels as JSON
 * text from the worker (copying a string between threads costs a fifth of copying the objects,
 * ~35 ms instead of ~180 ms per 30,000 places, on the main thread); the writer parses it only for
 * a place that changed.
 */
export type ValidatedRow = { line: number; issues: RowIssue[]; place?: ValidPlace };

/** A valid place: its source id and address, its data as JSON with its hash, and its row prepared for an insert. */
export type ValidPlace = { id: string; adresse: Adresse; json: string; hash: string; prepared: PreparedRow };

export type WorkerInput = { path: string; format?: string; chunkSize: number; window: number };
export type WorkerMessage =
  | { kind: 'opened'; file: FileInfo }
  | { kind: 'rows'; rows: ValidatedRow[]; done?: boolean }
  | { kind: 'error'; message: string; fileError?: { reason: string; line?: number } };

/** What the import report says of the file: its format and what was detected (encoding, delimiter…). */
export type FileInfo = Pick<OpenedFile, 'format' | 'details'>;

export function validateRow(map: OpenedFile['map'], line: number, record: FlatRow, readIssues: RowIssue[] = []): ValidatedRow {
  // A row the reader already refused (values in the wrong columns, a NUL character) is not validated.
  const result = readIssues.some((i) => i.severity === 'error') ? { issues: [] } : map(record, line);
  const issues = readIssues.length > 0 ? [...readIssues, ...result.issues] : result.issues;
  if (!result.data) return { line, issues };
  const json = JSON.stringify(result.data);
  return { line, issues, place: { id: result.data.id, adresse: result.data.adresse, json, hash: jsonHash(json), prepared: prepareRow(result.data) } };
}
