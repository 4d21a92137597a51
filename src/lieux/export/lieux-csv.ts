// Owns the CSV export of the national standard: its columns in the schema's order, ',' as
// delimiter, UTF-8 without BOM, RFC 4180 quoting and CRLF line ends, lists joined with '|'.
import type { Writable } from 'node:stream';
import { STANDARD_COLUMNS } from '../formats/standard-row.ts';
import type { StoredLieu } from '../store/read-lieux.ts';
import { toStandardRow } from './flat.ts';
import { write } from './sink.ts';

const cell = (value: unknown): string => {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const line = (values: readonly unknown[]) => `${values.map(cell).join(',')}\r\n`;

export async function writeLieuxCsv(lieux: AsyncIterable<StoredLieu>, out: Writable): Promise<number> {
  await write(out, line(STANDARD_COLUMNS));
  let count = 0;
  for await (const lieu of lieux) {
    const row = toStandardRow(lieu) as Record<string, unknown>;
    await write(out, line(STANDARD_COLUMNS.map((column) => row[column])));
    count++;
  }
  return count;
}
