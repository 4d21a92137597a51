// Owns the parser of indicator CSVs keyed by commune code: the INSEE census file, the ARCEP file,
// the INSEE comparateur and any CSV a user loads under a name of her choice. Every numeric column
// is kept under its own name; codes are brought to COG 2026 through the passage table and the rows
// of communes merged since are merged (passage.ts).
import { readCsvTable, DatasetFileError } from './csv-reader.ts';
import { isIdentifierColumn, numericColumns } from './cells.ts';
import { isRate, mergeValues, normalizeCode, type CodeMapper, type Values } from './passage.ts';

export type CommuneRow = { code: string; values: Values };
export type PassageRow = { old_code: string; new_code: string; method: string | null };

export type CommuneCsvOptions = {
  /** The column of the commune code; else the first of CODE_COLUMNS found. */
  codeColumn?: string;
  /** A column giving the COG 2026 code of each row (the comparateur's), used before the passage table. */
  code2026Column?: string;
  /** The weight of rates when rows merge; else the first population column found. */
  weightColumn?: string;
  exclude?: readonly string[];
};

/** What loading noticed, for the command's summary and observatoire_datasets.report. */
export type LoadReport = {
  rows_read: number;
  unknown_codes: number;
  unknown_sample: string[];
  invalid_codes: number;
  invalid_sample: string[];
  duplicates: number;
  duplicate_sample: string[];
  /** COG 2026 communes built from several rows of the file. */
  merged: number;
  merged_sample: string[];
  /** Columns left out because they hold text (or nothing). */
  ignored_columns: string[];
  weight_column?: string;
  warnings: string[];
};

export const CODE_COLUMNS = ['code_insee', 'codgeo', 'code_commune', 'code_commune_insee', 'insee', 'depcom', 'com'];
const WEIGHT_COLUMNS = ['population', 'pop', 'pmun', 'ptot', 'pop_municipale', 'population_municipale'];
/** How many examples a report keeps of each kind of problem. */
export const REPORT_SAMPLE = 10;

export function emptyReport(): LoadReport {
  return {
    rows_read: 0, unknown_codes: 0, unknown_sample: [], invalid_codes: 0, invalid_sample: [], duplicates: 0, duplicate_sample: [],
    merged: 0, merged_sample: [], ignored_columns: [], warnings: [],
  };
}

/** Keeps `value` as an example, unless the report already has REPORT_SAMPLE of that kind. */
export function noteSample(sample: string[], value: string): void {
  if (sample.length < REPORT_SAMPLE) sample.push(value);
}

export async function parseCommuneCsv(path: string, options: CommuneCsvOptions, mapper: CodeMapper): Promise<{
  columns: string[]; rows: CommuneRow[]; passage: PassageRow[]; report: LoadReport;
}> {
  const table = await readCsvTable(path);
  const report = emptyReport();
  report.rows_read = table.rows.length;
  const codeColumn = options.codeColumn ?? CODE_COLUMNS.find((c) => table.columns.includes(c));
  const codeIndex = codeColumn ? table.columns.indexOf(codeColumn) : -1;
  if (codeIndex < 0) {
    throw new DatasetFileError(`${path} : aucune colonne de code commune (« ${options.codeColumn ?? CODE_COLUMNS[0]} »${options.codeColumn ? '' : `, ou ${CODE_COLUMNS.slice(1).join(', ')}`}) ; colonnes trouvées : ${table.columns.join(', ') || '(aucune)'}.`);
  }
  const code2026Index = options.code2026Column ? table.columns.indexOf(options.code2026Column) : -1;
  if (options.code2026Column && code2026Index < 0) throw new DatasetFileError(`${path} : colonne « ${options.code2026Column} » absente.`);
  const exclude = new Set(options.exclude ?? []);
  const candidates = table.columns.map((c, i) => i).filter((i) => i !== codeIndex && i !== code2026Index
    && table.columns[i] !== '' && !exclude.has(table.columns[i]!) && !isIdentifierColumn(table.columns[i]!));
  const { numeric, text } = numericColumns(table.rows, candidates);
  report.ignored_columns = text.map((i) => table.columns[i]!);
  const columns = numeric.map((c) => table.columns[c.index]!);
  if (columns.length === 0) throw new DatasetFileError(`${path} : aucune colonne de nombres à charger (colonnes : ${table.columns.join(', ')}).`);
  const weightColumn = options.weightColumn ?? WEIGHT_COLUMNS.find((c) => columns.includes(c)) ?? columns.find((c) => c.startsWith('pop'));
  if (options.weightColumn && !columns.includes(options.weightColumn)) {
    throw new DatasetFileError(`${path} : la colonne de pondération « ${options.weightColumn} » est absente ou ne contient pas de nombres.`);
  }
  if (weightColumn) report.weight_column = weightColumn;

  const seen = new Set<string>();
  const groups = new Map<string, { sources: string[]; values: Values[] }>();
  const passage: PassageRow[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const raw = row[codeIndex] ?? '';
    const code = normalizeCode(raw);
    if (!code) {
      report.invalid_codes++;
      noteSample(report.invalid_sample, raw.trim() || '(vide)');
      continue;
    }
    if (seen.has(code)) {
      report.duplicates++;
      noteSample(report.duplicate_sample, code);
      continue;
    }
    seen.add(code);
    const target = (code2026Index >= 0 ? mapper.resolve(row[code2026Index] ?? '') : undefined) ?? mapper.resolve(code);
    if (!target) {
      report.unknown_codes++;
      noteSample(report.unknown_sample, code);
      continue;
    }
    if (code2026Index >= 0 && code !== target) passage.push({ old_code: code, new_code: target, method: 'comparateur_insee' });
    const values: Values = numeric.map((c) => c.values[r]!);
    const group = groups.get(target);
    if (group) {
      group.sources.push(code);
      group.values.push(values);
    } else groups.set(target, { sources: [code], values: [values] });
  }
  const rows: CommuneRow[] = [];
  for (const [code, group] of groups) {
    if (group.values.length === 1) {
      rows.push({ code, values: group.values[0]! });
      continue;
    }
    report.merged++;
    noteSample(report.merged_sample, `${code} ← ${group.sources.join(' + ')}`);
    rows.push({ code, values: mergeValues(group.values, columns, weightColumn ? columns.indexOf(weightColumn) : undefined) });
  }
  if (report.merged > 0 && !weightColumn && columns.some(isRate)) {
    report.warnings.push('Aucune colonne de population pour pondérer les taux des communes fusionnées : moyenne simple (donnez --poids COLONNE).');
  }
  if (report.unknown_codes > 0 && !mapper.passageLoaded) {
    report.warnings.push('La table de passage n’est pas chargée : les codes de communes fusionnées depuis ne sont pas reconnus (passerelle data load passage-communes FICHIER, puis rechargez ce fichier avec --force).');
  }
  return { columns, rows, passage, report };
}
