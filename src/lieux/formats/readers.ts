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
import type { RowIssue } from '../domain/lieu.ts';

export type Encoding = 'utf-8' | 'windows-1252';
/** One record and the line it starts on; `issues` are problems seen while reading it (a CSV line with too many values…). */
export type SourceRow = { line: number; record: FlatRow; issues?: RowIssue[] };
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

/**
 * UTF-8 (with or without BOM) when the sample decodes as UTF-8, else Windows-1252.
 * `truncated`: the sample is the beginning of a longer file, so it may end inside a character.
 */
export function detectEncoding(sample: Buffer, truncated = sample.length >= SAMPLE_BYTES): Encoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // Ignore a multi-byte character cut at the end of a truncated sample (only there: a whole
  // Windows-1252 file may end with "é", which looks like the start of a UTF-8 character).
  let end = sample.length;
  if (truncated) for (let i = Math.max(0, end - 3); i < end; i++) if ((sample[i]! & 0xc0) === 0xc0) end = i;
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

/** Why a file cannot be read as text at all (a spreadsheet, UTF-16 text), or undefined. */
export function unreadableAsText(sample: Buffer): string | undefined {
  const startsWith = (...bytes: number[]) => bytes.every((b, i) => sample[i] === b);
  const saveAs = 'ouvrez-le dans le tableur et enregistrez-le au format « CSV UTF-8 ».';
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) {
    return `Ce fichier est une archive ZIP, comme un classeur Excel (.xlsx) ou LibreOffice (.ods), et non un fichier CSV : ${saveAs}`;
  }
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return `Ce fichier est un classeur Excel ancien format (.xls), et non un fichier CSV : ${saveAs}`;
  }
  // UTF-16 ("Texte Unicode" in Excel): a byte-order mark, or a zero byte beside every ASCII character.
  const zeros = sample.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if (startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff) || (sample.length >= 4 && zeros >= sample.length / 4)) {
    return `Le fichier est encodé en UTF-16 (c'est ce que produit « Texte Unicode » dans Excel), que Passerelle ne lit pas : ${saveAs}`;
  }
  return undefined;
}

export async function inspectCsv(path: string): Promise<CsvInfo> {
  const sample = await readSample(path);
  const unreadable = unreadableAsText(sample);
  if (unreadable) throw new FileError(unreadable);
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

/**
 * Streams CSV records keyed by (lower-cased) column name, with the line each record starts on
 * (a quoted value may span several lines). Lines holding only separators or spaces are skipped.
 * A line with more or fewer values than the header carries an issue (see `countIssue`).
 */
export async function* readCsv(path: string, info: CsvInfo): AsyncGenerator<SourceRow> {
  const parser = decodedStream(path, info.encoding).pipe(
    parseCsv({
      delimiter: info.delimiter,
      relax_column_count: true,
      // A quote inside an unquoted value (Espace "Le Cube") is kept as typed, as spreadsheets do.
      relax_quotes: true,
      // The raw text of each record, to count the lines it spans.
      raw: true,
      trim: false,
    }),
  );
  let header: string[] | undefined;
  let linesBefore = 0; // line breaks in the records already read
  try {
    for await (const { record: values, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const line = linesBefore + 1;
      linesBefore += raw.match(/\r\n|\r|\n/g)?.length ?? 0;
      if (header === undefined) {
        header = values.map(normalizeColumn);
        continue;
      }
      if (values.every((v) => v.trim() === '')) continue;
      const record: FlatRow = {};
      header.forEach((column, i) => {
        if (column !== '' && i < values.length) record[column] = values[i];
      });
      const issues = [countIssue(header, values, raw, info.delimiter, line), ...nulIssues(record, line)].filter((i) => i !== undefined);
      yield issues.length > 0 ? { line, record, issues } : { line, record };
    }
  } catch (error) {
    const e = error as { code?: string };
    const start = linesBefore + 1; // the record being read when the parser stopped
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new FileError(`Ligne ${start} : un guillemet ouvre une valeur qui n'est jamais refermée, le fichier s'arrête au milieu. Il est sans doute tronqué (ou ce guillemet est en trop) : seules les lignes qui précèdent ont été lues.`, start);
    }
    throw new FileError(`Ligne ${start} : le fichier CSV est mal formé à cet endroit (erreur ${e.code ?? String(error)}) : seules les lignes qui précèdent ont été lues.`, start);
  }
}

const hasNul = (value: unknown): boolean =>
  typeof value === 'string' ? value.includes('\0') : value !== null && typeof value === 'object' && Object.values(value).some(hasNul);

/**
 * The database cannot store the NUL character (a corrupted or binary file): a row holding one is
 * rejected here rather than failing the whole import. The value is shown with ␀ in its place.
 */
function nulIssues(record: FlatRow, line: number): RowIssue[] {
  return Object.entries(record).filter(([, value]) => hasNul(value)).map(([column, value]) => ({
    line, column: column.replaceAll('\0', '␀'), severity: 'error' as const,
    value: (typeof value === 'string' ? value : JSON.stringify(value)).replaceAll('\0', '␀').replaceAll('\\u0000', '␀'),
    reason: 'La valeur contient un caractère nul (affiché ␀), qui ne peut pas être enregistré : le fichier est sans doute abîmé ou mal exporté.',
  }));
}

const SEPARATOR_NAMES: Record<string, string> = { ';': '« ; »', ',': '« , »', '\t': 'des tabulations' };

/**
 * A line whose values do not match the header's columns. More values than columns: the row is
 * rejected, its values are shifted (a value holding the separator without quotes). Fewer: the
 * missing columns read as empty (a warning), unless the line is written with another separator.
 */
function countIssue(header: string[], values: string[], raw: string, delimiter: string, line: number): RowIssue | undefined {
  const expected = header.length;
  const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  const counts = `La ligne compte ${plural(values.length, 'valeur')} alors que la ligne d'en-tête compte ${plural(expected, 'colonne')}`;
  if (values.length > expected) {
    const extra = values.slice(expected);
    if (extra.every((v) => v.trim() === '')) return undefined; // a trailing separator
    return {
      line, column: `colonne ${expected + 1}`, value: extra.join(delimiter), severity: 'error',
      reason: `${counts} : une valeur qui contient ${SEPARATOR_NAMES[delimiter]} n'est sans doute pas entre guillemets, ce qui décale les colonnes suivantes.`,
    };
  }
  if (values.length < expected) {
    const text = raw.replace(/[\r\n]+$/, '');
    const other = Object.keys(SEPARATOR_NAMES).find((c) => c !== delimiter && text.split(c).length === expected);
    if (other !== undefined) {
      return {
        line, column: header[values.length]!, value: '', severity: 'error',
        reason: `${counts} : elle semble séparée par ${SEPARATOR_NAMES[other]} alors que le reste du fichier l'est par ${SEPARATOR_NAMES[delimiter]}.`,
      };
    }
    const missing = header.slice(values.length).filter((c) => c !== '');
    return {
      line, column: header[values.length]!, value: '', severity: 'warning',
      reason: `${counts} : ${missing.length > 1 ? `les colonnes ${missing.join(', ')} sont lues comme vides` : `la colonne ${missing[0]} est lue comme vide`}.`,
    };
  }
  return undefined;
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
      const issues = nulIssues(record, item.key + 1);
      yield issues.length > 0 ? { line: item.key + 1, record, issues } : { line: item.key + 1, record };
    }
  } catch (error) {
    throw new FileError(`Le fichier JSON est mal formé ou tronqué : ${(error as Error).message}`);
  }
}
