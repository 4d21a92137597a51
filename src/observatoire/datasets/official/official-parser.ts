// Owns the contract between the loader (load.ts) and the parsers of the producers' own files
// (INSEE, ARCEP, IGN/Etalab…): each parser reads the files a dataset's official source lists,
// already downloaded, and returns the same content as the parser of Passerelle's derived file,
// with the same column names, so the indicators read either.
import type { Queryable } from '../../../platform/db.ts';
import type { CodeMapper } from '../passage.ts';
import type { DatasetContent, StoredDataset } from '../store.ts';

/** The local copies of an official source's files, by role (the `role` of OfficialFile). */
export type OfficialFiles = Readonly<Record<string, string>>;

export type ParsedDataset = {
  content: DatasetContent;
  rows: number;
  report: StoredDataset['report'];
  /** Writes commune positions inside the load's transaction (centroids); returns how many. */
  positions?: (tx: Queryable) => Promise<number>;
  /** The version the files themselves state (ARCEP's `date` column, say), when they state one. */
  version?: string;
};

export type OfficialParser = (files: OfficialFiles, ctx: { mapper: CodeMapper }) => Promise<ParsedDataset>;

/** One file of a producer, as it is published. */
export type OfficialFile = {
  /** The key of this file in OfficialFiles (e.g. "population", "diplomes"). */
  role: string;
  /** Its download address at the producer (a `last/` alias when the producer offers one). */
  url: string;
  /** What it is, in French (shown while downloading). */
  title: string;
};

/** Where a dataset's figures are published by their producer, and how to read them. */
export type OfficialSource = {
  producer: string;
  /** The producer's page describing the files (for people). */
  page: string;
  /** The edition the URLs point to (e.g. "RP 2022, géographie 2024"), or "dernière publication". */
  version: string;
  licence: string;
  files: readonly OfficialFile[];
  parse: OfficialParser;
};
