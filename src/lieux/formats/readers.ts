// Owns the streaming reading of files into flat records: encoding and delimiter detection for
// CSV, streamed JSON arrays and GeoJSON features. Nothing here loads a whole file in memory.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse';
import { parserStream } from 'stream-json';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { pick } from 'stream-json/filters/pick.js';
import type { FlatRow } from './standard-row.ts';

export type Encoding = 'utf-8' | 'windows-1252';
export type SourceRow = { line: number; record: FlatRow };
/** A problem with the file itself rather than with one row (bad structure, truncated file…). */
export class FileError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

const SAMPLE_BYTES = 64 * 1024;

export async function readSample(path: string, bytes = SAMPLE_BYTES): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** UTF-8 (with or without BOM) when the sample decodes as UTF-8, else Windows-1252. */
export function detectEncoding(sample: Buffer): Encoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // Ignore a multi-byte character cut at the end of the sample.
  let end = sample.length;
  for (let i = Math.max(0, end - 3); i < end; i++) if ((sample[i]! & 0xc0) === 0xc0) end = i;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The delimiter that splits the header line into the most columns, among ';', ',' and tab. */
export function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  const best = (Object.keys(counts) as (keyof typeof counts)[]).sort((a, b) => counts[b] - counts[a])[0]!;
  return counts[best] > 0 ? best : ',';
}

export function decodedStream(path: string, encoding: Encoding): Readable {
  const raw = createReadStream(path);
  const decoder = iconv.decodeStream(encoding, encoding === "utf-8" ? { stripBOM: true } : {});
  return raw.pipe(decoder) as unknown as Readable;
}

export type CsvInfo = { encoding: Encoding; delimiter: string; columns: string[] };

export async function inspectCsv(path: string): Promise<CsvInfo> {
  const sample = await readSample(path);
  const encoding = detectEncoding(sample);
  const textSample = iconv.decode(sample, encoding).replace(/^\uFEFF/, '');
  const firstLine = textSample.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = detectDelimiter(firstLine);
  const columns = firstLine.trim() === '' ? [] : splitHeader(firstLine, delimiter);
  return { encoding, delimiter, columns };
}

function splitHeader(line: string, delimiter: string): string[] {
  return line.split(delimiter).map(normalizeColumn);
}

const normalizeColumn = (c: string) => c.trim().replace(/^"|"$/g, '').trim().toLowerCase();

/** Streams CSV records keyed by (lower-cased) column name, with the line each record starts on. */
export async function* readCsv(path: string, info: CsvInfo): AsyncGenerator<SourceRow> {
  const parser = decodedStream(path, info.encoding).pipe(
    parseCsv({
      delimiter: info.delimiter,
      columns: (header: string[]) => header.map(normalizeColumn),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: false,
    }),
  );
  try {
    for await (const { record, info: rowInfo } of parser as AsyncIterable<{ record: FlatRow; info: { lines: number } }>) {
      yield { line: rowInfo.lines, record };
    }
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new FileError(`Le fichier s'arrête au milieu d'une valeur entre guillemets (ligne ${e.lines}) : il est sans doute tronqué.`, e.lines);
    }
    throw new FileError(`Le fichier CSV est mal formé${e.lines ? ` à la ligne ${e.lines}` : ''} : ${e.message}`, e.lines);
  }
}

/** Streams the elements of a top-level JSON array, or of the `features` array of a GeoJSON object. */
export async function* readJsonArray(path: string, arrayKey?: string): AsyncGenerator<SourceRow> {
  const sample = await readSample(path);
  const encoding = detectEncoding(sample);
  const stages = [parserStream(), ...(arrayKey ? [pick.asStream({ filter: arrayKey })] : []), streamArray.asStream()];
  let stream: Readable = decodedStream(path, encoding);
  for (const stage of stages) stream = stream.pipe(stage);
  try {
    for await (const item of stream as AsyncIterable<{ key: number; value: unknown }>) {
      const value = item.value;
      const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as FlatRow) : { __not_an_object: value };
      yield { line: item.key + 1, record };
    }
  } catch (error) {
    throw new FileError(`Le fichier JSON est mal formé ou tronqué : ${(error as Error).message}`);
  }
}
