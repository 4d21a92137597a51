// Owns the JSON export of the national standard: an array of flat places (the CSV's columns as
// keys, lists joined with '|', coordinates as numbers).
import type { Writable } from 'node:stream';
import type { StoredLieu } from '../store/read-lieux.ts';
import { toStandardRow } from './flat.ts';
import { writeJsonArray } from './sink.ts';

export const writeLieuxJson = (lieux: AsyncIterable<StoredLieu>, out: Writable): Promise<number> => writeJsonArray(out, lieux, toStandardRow);
