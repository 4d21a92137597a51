// Owns loading a local file as a dataset: the same file (same sha256) again changes nothing; a new
// version is read by the dataset's parser, then replaces the old one in one transaction (readers
// see the old version or the new one, never a mix). Datasets of the registry (registry.ts), or any
// indicator CSV keyed by INSEE code under a name given by the user (parser indicateurs-csv).
// A dataset may also be loaded from its producer's own files (official/sources.ts), read by
// that source's parser into the same columns.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../../platform/db.ts';
import { forgetCommuneDirectory } from '../../territoires/commune-directory.ts';
import { datasetEntry, genericNameProblem, GENERIC_PARSER, type DatasetEntry } from './registry.ts';
import { communeCodeMapper, type CodeMapper } from './passage.ts';
import { emptyReport, parseCommuneCsv, type LoadReport } from './commune-csv.ts';
import { parseIrisCsv } from './iris-csv.ts';
import { parsePassageCsv } from './passage-csv.ts';
import { parseTopojson } from './topojson.ts';
import { loadCentroids } from './centroids.ts';
import { DatasetFileError } from './csv-reader.ts';
import type { OfficialFiles, ParsedDataset } from './official/official-parser.ts';
import { officialSource } from './official/sources.ts';
import { deleteDataset, insertDataset, storedDataset, type DatasetMeta, type StoredDataset } from './store.ts';

export { DatasetFileError };

export type LoadOptions = {
  /** A registry name, or the name under which an indicator CSV is loaded (with `generic`). */
  name: string;
  /** The file in the format of the registry entry (Passerelle's derived file)… */
  path?: string;
  /** …or the producer's own files, by role (official/sources.ts). */
  officialFiles?: OfficialFiles;
  /** An indicator CSV of the user's (parser indicateurs-csv). */
  generic?: { title?: string; weightColumn?: string; sourceUrl?: string };
  /** The version of the figures, when the file is not the one the registry knows. */
  version?: string;
  /** The URL the file was downloaded from (else the path is recorded). */
  fetchedFrom?: string;
  /** Load even if this very file is already loaded (after the passage table changed, say). */
  force?: boolean;
  /** The code mapper to use (several loads in a row after the passage table: read it once). */
  mapper?: CodeMapper;
};

export type LoadResult = {
  name: string;
  status: 'unchanged' | 'loaded' | 'replaced';
  version: string;
  previousVersion?: string;
  rows: number;
  sha256: string;
  report: StoredDataset['report'];
};

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The registry entry, or the generic entry an indicator CSV is loaded with. */
export function entryFor(options: Pick<LoadOptions, 'name' | 'generic'>): DatasetEntry {
  if (options.generic) {
    const problem = genericNameProblem(options.name);
    if (problem) throw new DatasetFileError(problem);
    return { name: options.name, title: options.generic.title ?? options.name, producer: '', licence: '', version: '', source_url: options.generic.sourceUrl ?? '', file: '', parser: GENERIC_PARSER };
  }
  const entry = datasetEntry(options.name);
  if (!entry) throw new DatasetFileError(`Jeu de données inconnu « ${options.name} ». Voyez la liste : passerelle data lister ; pour un CSV d’indicateurs par commune : passerelle data load ${GENERIC_PARSER} FICHIER --nom NOM.`);
  return entry;
}

export async function loadDataset(db: Db, options: LoadOptions): Promise<LoadResult> {
  const entry = entryFor(options);
  const official = options.officialFiles ? officialFilesOf(entry, options.officialFiles) : undefined;
  const paths = official ? Object.values(official.files) : [options.path ?? ''];
  for (const path of paths) {
    if (!path || !existsSync(path) || !statSync(path).isFile()) throw new DatasetFileError(`Le fichier ${path || '(aucun)'} n’existe pas : vérifiez le chemin.`);
  }
  const sha256 = official ? await combinedSha256(official.files) : await sha256File(paths[0]!);
  const current = await storedDataset(db, entry.name);
  if (current && current.sha256 === sha256 && !options.force) {
    return { name: entry.name, status: 'unchanged', version: current.version, rows: current.rows, sha256, report: current.report };
  }
  const warnings: string[] = [];
  let version: string;
  let parsed: ParsedDataset;
  if (official) {
    parsed = await official.source.parse(official.files, { mapper: await mapperOf(db, options) });
    version = options.version ?? parsed.version ?? official.source.version;
  } else {
    if (entry.parser === GENERIC_PARSER) version = options.version ?? basename(paths[0]!);
    else if (entry.sha256 === sha256) version = options.version ?? entry.version;
    else {
      version = options.version ?? `non référencée (sha256 ${sha256.slice(0, 12)}…)`;
      if (entry.sha256) warnings.push(`Ce fichier n’est pas la version connue de ${entry.name} (${entry.version}) : vérifiez ses colonnes, et nommez sa version avec --version.`);
    }
    parsed = await parse(db, entry, { ...options, path: paths[0]! });
  }
  const { content, rows, report, positions } = parsed;
  report.warnings = [...warnings, ...(report.warnings ?? [])];
  const meta: DatasetMeta = {
    name: entry.name, parser: entry.parser, title: entry.title, version, sha256,
    source_url: official?.source.page || entry.source_url || options.fetchedFrom || `fichier local ${basename(paths[0]!)}`,
    fetched_from: options.fetchedFrom ?? paths.join(' '), rows, report,
  };
  const written = await db.transaction(async (tx) => {
    // Two processes loading at once (several servers starting on one PostgreSQL): one waits, then
    // sees the other's version.
    if (db.backend === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`observatoire:${entry.name}`]);
    const now = await storedDataset(tx, entry.name);
    if (now && now.sha256 === sha256 && !options.force) return { unchanged: now };
    await deleteDataset(tx, entry.name);
    if (positions) meta.rows = await positions(tx);
    await insertDataset(tx, meta, content);
    return { previous: now };
  });
  if (positions) forgetCommuneDirectory(db);
  if ('unchanged' in written && written.unchanged) {
    const now = written.unchanged;
    return { name: entry.name, status: 'unchanged', version: now.version, rows: now.rows, sha256, report: now.report };
  }
  const previous = 'previous' in written ? written.previous : undefined;
  return {
    name: entry.name, status: previous ? 'replaced' : 'loaded', version, ...(previous && { previousVersion: previous.version }),
    rows: meta.rows, sha256, report,
  };
}

const mapperOf = (db: Db, options: LoadOptions) => options.mapper ?? communeCodeMapper(db);

/** The official source of the entry and the files given for each of its roles. */
function officialFilesOf(entry: DatasetEntry, files: OfficialFiles) {
  const source = officialSource(entry.name);
  if (!source) throw new DatasetFileError(`${entry.name} ne se charge pas depuis les fichiers de son producteur : chargez le fichier de Passerelle (passerelle data load ${entry.name} FICHIER).`);
  const missing = source.files.filter((f) => !files[f.role]);
  if (missing.length > 0) {
    throw new DatasetFileError(`Il manque ${missing.length > 1 ? 'des fichiers' : 'un fichier'} de ${source.producer} pour ${entry.name} : ${missing.map((f) => `${f.title} (${f.url})`).join(' ; ')}.`);
  }
  return { source, files: Object.fromEntries(source.files.map((f) => [f.role, files[f.role]!])) as OfficialFiles };
}

/** One fingerprint for several files: the sha256 of their roles and sha256s. */
async function combinedSha256(files: OfficialFiles): Promise<string> {
  const lines: string[] = [];
  for (const [role, path] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) lines.push(`${role} ${await sha256File(path)}`);
  return lines.length === 1 ? lines[0]!.split(' ')[1]! : createHash('sha256').update(lines.join('\n')).digest('hex');
}

async function parse(db: Db, entry: DatasetEntry, options: LoadOptions & { path: string }): Promise<ParsedDataset> {
  const path = options.path;
  switch (entry.parser) {
    case 'centroides':
      return { content: {}, rows: 0, report: emptyReport(), positions: (tx) => loadCentroids(tx, path) };
    case 'topojson': {
      const file = await parseTopojson(path, entry.layers ?? []);
      const rows = Object.values(file.layers).reduce((a, b) => a + b, 0);
      return { content: { file: { ...file, content_type: 'application/topo+json' } }, rows, report: { layers: file.layers, warnings: [] } };
    }
    case 'passage': {
      const { rows, accepted, report } = await parsePassageCsv(path, await mapperOf(db, options));
      return { content: { passage: rows }, rows: accepted, report };
    }
    case 'iris-indicateurs': {
      const { columns, rows, report } = await parseIrisCsv(path, await mapperOf(db, options));
      return { content: { iris: { columns, rows } }, rows: rows.length, report };
    }
    case 'communes-indicateurs':
    case 'comparateur':
    case 'indicateurs-csv': {
      const weightColumn = options.generic?.weightColumn ?? entry.weight_column;
      const parsed = await parseCommuneCsv(path, {
        ...(entry.code_column && { codeColumn: entry.code_column }),
        ...(entry.code_2026_column && { code2026Column: entry.code_2026_column }),
        ...(weightColumn && { weightColumn }),
        ...(entry.exclude && { exclude: entry.exclude }),
      }, await mapperOf(db, options));
      return {
        content: { communes: { columns: parsed.columns, rows: parsed.rows }, ...(entry.parser === 'comparateur' && { passage: parsed.passage }) },
        rows: parsed.rows.length,
        report: parsed.report,
      };
    }
  }
}

export type { LoadReport };
