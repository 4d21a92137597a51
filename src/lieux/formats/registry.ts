// Owns the list of file formats Passerelle imports and how one is recognised. Each format is a
// reader (file → flat records) and a mapper (flat record → validated place).
import { extname } from 'node:path';
import type { RowResult, FlatRow } from './standard-row.ts';
import { validateStandardRow, REQUIRED_COLUMNS } from './standard-row.ts';
import { inspectCsv, readCsv, readJsonArray, readSample, FileError, type SourceRow } from './readers.ts';
import { isV0Header, mapV0Row } from './v0.ts';
import { mapGeoJsonFeature } from './geojson.ts';
import { mapDataInclusionStructure } from './data-inclusion.ts';

export const IMPORT_FORMATS = ['lieux-csv', 'lieux-json', 'v0-csv', 'v0-json', 'geojson', 'data-inclusion'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type OpenedFile = {
  format: ImportFormat;
  /** What was detected, for the report: encoding, delimiter… */
  details: Record<string, string>;
  rows: () => AsyncGenerator<SourceRow>;
  map: (record: FlatRow, line: number) => RowResult;
};

type FormatDefinition = {
  map: (record: FlatRow, line: number) => RowResult;
  kind: 'csv' | 'json';
  arrayKey?: string;
  /** Required columns checked on the CSV header before any row is read. */
  requiredColumns?: readonly string[];
};

const FORMATS: Record<ImportFormat, FormatDefinition> = {
  'lieux-csv': { kind: 'csv', map: validateStandardRow, requiredColumns: REQUIRED_COLUMNS },
  'lieux-json': { kind: 'json', map: validateStandardRow },
  'v0-csv': { kind: 'csv', map: mapV0Row, requiredColumns: ['id', 'nom', 'adresse', 'commune', 'code_postal', 'date_maj'] },
  'v0-json': { kind: 'json', map: mapV0Row },
  geojson: { kind: 'json', arrayKey: 'features', map: mapGeoJsonFeature },
  'data-inclusion': { kind: 'json', map: mapDataInclusionStructure },
};

export async function openImportFile(path: string, forced?: string): Promise<OpenedFile> {
  const format = (forced ?? (await detectFormat(path))) as ImportFormat;
  const definition = FORMATS[format];
  if (!definition) throw new FileError(`Format inconnu « ${forced} ». Formats possibles : ${IMPORT_FORMATS.join(', ')}.`);
  if (definition.kind === 'csv') {
    const info = await inspectCsv(path);
    if (info.columns.length === 0) throw new FileError('Le fichier est vide : il ne contient même pas la ligne des noms de colonnes.');
    const missing = (definition.requiredColumns ?? []).filter((c) => !info.columns.includes(c));
    if (missing.length > 0) throw new FileError(missingColumnsMessage(missing, info.columns), 1);
    return {
      format,
      details: { encoding: info.encoding, delimiter: info.delimiter === '\t' ? 'tab' : info.delimiter },
      rows: () => readCsv(path, info),
      map: definition.map,
    };
  }
  return { format, details: {}, rows: () => readJsonArray(path, definition.arrayKey), map: definition.map };
}

function missingColumnsMessage(missing: readonly string[], columns: readonly string[]): string {
  const s = missing.length > 1 ? 's' : '';
  const message = `Colonne${s} obligatoire${s} absente${s} de la ligne d'en-tête : ${missing.join(', ')}.`;
  if (columns.length !== 1) return message;
  // One column only: the header is probably split by a character that is not a CSV separator.
  const separator = guessSeparator(columns[0]!, missing);
  return separator === undefined
    ? `${message} Une seule colonne a été trouvée (« ${columns[0]} ») : le séparateur n'est peut-être pas « ; » ni « , ».`
    : `Les colonnes de la ligne d'en-tête sont séparées par « ${separator} » : Passerelle lit les fichiers CSV séparés par « ; », « , » ou des tabulations. Enregistrez le fichier avec l'un de ces séparateurs.`;
}

/** The character that splits a header into several of the expected column names, if any. */
function guessSeparator(header: string, expected: readonly string[]): string | undefined {
  const candidates = [...new Set(header.replace(/[\p{L}\p{N}_\s]/gu, ''))];
  const found = (c: string) => header.split(c).filter((name) => expected.includes(name.trim())).length;
  return candidates.filter((c) => found(c) >= 2).sort((a, b) => found(b) - found(a))[0];
}

export async function detectFormat(path: string): Promise<ImportFormat> {
  const sample = (await readSample(path, 16 * 1024)).toString('utf8').replace(/^\uFEFF/, '');
  const ext = extname(path).toLowerCase();
  const trimmed = sample.trimStart();
  if (trimmed === '') throw new FileError('Le fichier est vide.');
  if (ext === '.geojson' || /"type"\s*:\s*"FeatureCollection"/.test(trimmed.slice(0, 2000))) return pick('geojson');
  if (trimmed.startsWith('[') || trimmed.startsWith('{') || ext === '.json') {
    if (/"(structure_id|thematiques)"\s*:/.test(sample)) return pick('data-inclusion');
    return /"(publics_accueillis|conditions_acces|courriel)"\s*:/.test(sample) && !/"(frais_a_charge|courriels)"\s*:/.test(sample) ? 'v0-json' : 'lieux-json';
  }
  const info = await inspectCsv(path);
  return isV0Header(info.columns) ? 'v0-csv' : 'lieux-csv';
}

function pick(name: string): ImportFormat {
  if (!(name in FORMATS)) throw new FileError(`Le format ${name} est reconnu mais pas encore pris en charge.`);
  return name as ImportFormat;
}
