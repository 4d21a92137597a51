// Owns the SQL of the observatory's datasets (tables of migrations/013_observatoire.sql): which
// version of each is loaded, replacing one version by another inside the caller's transaction
// (rows written by batches of 5,000 through jsonb_to_recordset), and reading the kept files.
import { gunzipSync } from 'node:zlib';
import type { Queryable } from '../../platform/db.ts';
import { chunk } from '../../platform/collections.ts';
import { readJsonRows } from '../../platform/json-rows.ts';
import type { CommuneRow, LoadReport, PassageRow } from './commune-csv.ts';
import type { IrisRow } from './iris-csv.ts';
import type { TopoFile } from './topojson.ts';
import type { ParserName } from './registry.ts';

export type StoredDataset = {
  name: string;
  parser: ParserName;
  title: string;
  version: string;
  sha256: string;
  source_url: string;
  fetched_from: string;
  /** ISO 8601 */
  loaded_at: string;
  rows: number;
  columns: string[];
  report: Partial<LoadReport> & { layers?: Record<string, number> };
};

/** What a parser read, ready to be written. */
export type DatasetContent = {
  communes?: { columns: string[]; rows: CommuneRow[] };
  iris?: { columns: string[]; rows: IrisRow[] };
  passage?: PassageRow[];
  file?: TopoFile & { content_type: string };
};

export type DatasetMeta = Omit<StoredDataset, 'loaded_at' | 'columns'>;

// Rows per statement: measured fastest on PGlite for these rows (~25 numbers each).
const BATCH = 2000;
const SELECT = `SELECT name, parser, title, version, sha256, source_url, fetched_from, loaded_at, rows, columns, report FROM observatoire_datasets`;

type Row = Omit<StoredDataset, 'loaded_at'> & { loaded_at: Date | string };
const fromRow = (r: Row): StoredDataset => ({ ...r, loaded_at: new Date(r.loaded_at).toISOString() });

export async function storedDataset(db: Queryable, name: string): Promise<StoredDataset | undefined> {
  const [row] = await db.query<Row>(`${SELECT} WHERE name = $1`, [name]);
  return row && fromRow(row);
}

export async function listStoredDatasets(db: Queryable): Promise<StoredDataset[]> {
  return (await db.query<Row>(`${SELECT} ORDER BY name`)).map(fromRow);
}

/** Removes the dataset and everything loaded from it (the child rows go with it). */
export async function deleteDataset(tx: Queryable, name: string): Promise<void> {
  await tx.query('DELETE FROM observatoire_datasets WHERE name = $1', [name]);
}

/** Writes a dataset's description and content; the previous version must have been deleted. */
export async function insertDataset(tx: Queryable, meta: DatasetMeta, content: DatasetContent): Promise<void> {
  const columns = content.communes?.columns ?? content.iris?.columns ?? [];
  await tx.query(
    `INSERT INTO observatoire_datasets (name, parser, title, version, sha256, source_url, fetched_from, rows, columns, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10::jsonb)`,
    [meta.name, meta.parser, meta.title, meta.version, meta.sha256, meta.source_url, meta.fetched_from, meta.rows, columns, JSON.stringify(meta.report)],
  );
  for (const part of chunk(content.communes?.rows ?? [], BATCH)) {
    await tx.query(
      `INSERT INTO observatoire_commune_values (dataset, code, "values")
       SELECT $1, code, "values" FROM jsonb_to_recordset($2::jsonb) AS x(code text, "values" jsonb)`,
      [meta.name, JSON.stringify(part)],
    );
  }
  for (const part of chunk(content.iris?.rows ?? [], BATCH)) {
    await tx.query(
      `INSERT INTO observatoire_iris_values (dataset, code_iris, commune_code, commune_code_source, typ_iris, "values")
       SELECT $1, code_iris, commune_code, commune_code_source, typ_iris, "values"
       FROM jsonb_to_recordset($2::jsonb) AS x(code_iris text, commune_code text, commune_code_source text, typ_iris text, "values" jsonb)`,
      [meta.name, JSON.stringify(part)],
    );
  }
  for (const part of chunk(content.passage ?? [], BATCH)) {
    await tx.query(
      `INSERT INTO observatoire_passage (dataset, old_code, new_code, method)
       SELECT $1, old_code, new_code, method FROM jsonb_to_recordset($2::jsonb) AS x(old_code text, new_code text, method text)`,
      [meta.name, JSON.stringify(part)],
    );
  }
  if (content.file) {
    await tx.query(
      'INSERT INTO observatoire_files (dataset, content_gzip, content_type, size) VALUES ($1, $2, $3, $4)',
      [meta.name, content.file.content_gzip, content.file.content_type, content.file.size],
    );
  }
}

export type StoredFile = { dataset: string; version: string; sha256: string; content_type: string; gzip: Buffer; content: () => Buffer };

/** A file kept whole (the TopoJSON outlines), gzipped as stored and on demand uncompressed. */
export async function readDatasetFile(db: Queryable, name: string): Promise<StoredFile | undefined> {
  const [row] = await db.query<{ content_gzip: Uint8Array; content_type: string; version: string; sha256: string }>(
    `SELECT f.content_gzip, f.content_type, d.version, d.sha256 FROM observatoire_files f JOIN observatoire_datasets d ON d.name = f.dataset
     WHERE f.dataset = $1`,
    [name],
  );
  if (!row) return undefined;
  const gzip = Buffer.from(row.content_gzip.buffer, row.content_gzip.byteOffset, row.content_gzip.byteLength);
  return { dataset: name, version: row.version, sha256: row.sha256, content_type: row.content_type, gzip, content: () => gunzipSync(gzip) };
}

export type IrisValues = { code_iris: string; commune_code: string; typ_iris: string | null; values: Record<string, number | null> };

/** The IRIS of a commune (COG 2026 code) in an IRIS dataset, values keyed by column. */
export async function readIrisOf(db: Queryable, dataset: string, communeCode: string): Promise<IrisValues[]> {
  const rows = await db.query<Omit<IrisValues, 'values'> & { values: (number | null)[]; columns: string[] }>(
    `SELECT i.code_iris, i.commune_code, i.typ_iris, i."values", d.columns
     FROM observatoire_iris_values i JOIN observatoire_datasets d ON d.name = i.dataset
     WHERE i.dataset = $1 AND i.commune_code = $2 ORDER BY i.code_iris`,
    [dataset, communeCode],
  );
  return rows.map(({ columns, values, ...r }) => ({ ...r, values: Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])) }));
}

/**
 * Every row of a commune dataset as [code, values in the order of its columns]. One JSON array
 * rather than 35,000 rows (platform/json-rows.ts).
 */
export async function readCommuneValues(db: Queryable, dataset: string): Promise<[code: string, values: (number | null)[]][]> {
  return readJsonRows<[string, (number | null)[]]>(db,
    `SELECT json_agg(json_build_array(code, "values"))::text AS rows FROM observatoire_commune_values WHERE dataset = $1`,
    [dataset],
  );
}
