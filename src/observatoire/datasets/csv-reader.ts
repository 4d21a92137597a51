// Owns reading a dataset's CSV into memory: gzipped or not (told by its first bytes, not its
// name), UTF-8 with or without BOM, separated by ',' or ';' (the one splitting the header into
// more columns), quoted values as spreadsheets write them. Header names are lower-cased.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import { detectDelimiter, unreadableAsText } from '../../lieux/formats/readers.ts';

export class DatasetFileError extends Error {}

export type CsvTable = { columns: string[]; rows: string[][]; delimiter: string };

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function isGzip(path: string): Promise<boolean> {
  const head = await firstBytes(path, 2);
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The file's bytes, gunzipped when it is gzipped, streamed into `into` (or returned as a stream):
 * one pipeline, so an error anywhere (a truncated .gz) reaches whoever reads the last stream.
 */
async function contentStream(path: string, into?: Transform): Promise<Readable> {
  const raw = createReadStream(path);
  const gunzip = (await isGzip(path)) ? createGunzip() : undefined;
  const done = () => undefined;
  if (gunzip && into) return pipeline(raw, gunzip, into, done);
  if (gunzip) return pipeline(raw, gunzip, done);
  if (into) return pipeline(raw, into, done);
  return raw;
}

async function firstLine(path: string): Promise<string> {
  const stream = await contentStream(path);
  let text = '';
  for await (const chunk of stream) {
    text += (chunk as Buffer).toString('utf8');
    const end = text.search(/\r?\n/);
    if (end >= 0) {
      text = text.slice(0, end);
      break;
    }
    if (text.length > 1_000_000) break;
  }
  stream.destroy();
  return text.replace(/^\uFEFF/, '');
}

export async function readCsvTable(path: string): Promise<CsvTable> {
  if (!(await isGzip(path))) {
    const unreadable = unreadableAsText(await firstBytes(path, 64 * 1024));
    if (unreadable) throw new DatasetFileError(unreadable);
  }
  const header = await firstLine(path);
  if (header.trim() === '') throw new DatasetFileError(`${path} : le fichier est vide (pas de ligne d’en-tête).`);
  const delimiter = detectDelimiter(header);
  if (delimiter === '\t') throw new DatasetFileError(`${path} : les colonnes sont séparées par des tabulations ; enregistrez le fichier en CSV séparé par « , » ou « ; ».`);
  const parser = await contentStream(path, parseCsv({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  let columns: string[] | undefined;
  const rows: string[][] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!columns) {
        columns = record.map((c) => c.trim().toLowerCase());
        continue;
      }
      if (record.every((v) => v.trim() === '')) continue;
      rows.push(record);
    }
  } catch (error) {
    const e = error as { code?: string; lines?: number };
    if (e.code?.startsWith('Z_')) throw new DatasetFileError(`${path} : le fichier compressé (gzip) est incomplet ou abîmé ; s’il a été téléchargé, téléchargez-le à nouveau.`);
    throw new DatasetFileError(`${path} : le fichier CSV est mal formé vers la ligne ${e.lines ?? '?'} (${e.code ?? String(error)}) ; s’il a été téléchargé, il est peut-être tronqué : téléchargez-le à nouveau.`);
  }
  return { columns: columns ?? [], rows, delimiter };
}
