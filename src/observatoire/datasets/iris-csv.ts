// Owns the parser of indicators per IRIS: one row per IRIS (code_iris), with the commune it
// belongs to brought to COG 2026 (code_insee_2026 when the file gives it, else the source's
// commune code through the passage table), its type (typ_iris) and every numeric column.
import { readCsvTable, DatasetFileError } from './csv-reader.ts';
import { isIdentifierColumn, numericColumns } from './cells.ts';
import { emptyReport, noteSample, type LoadReport } from './commune-csv.ts';
import type { CodeMapper, Values } from './passage.ts';

export type IrisRow = { code_iris: string; commune_code: string; commune_code_source: string | null; typ_iris: string | null; values: Values };

const IRIS = /^(?:[0-9]{2}|2A|2B)[0-9]{7}$/;

export async function parseIrisCsv(path: string, mapper: CodeMapper): Promise<{ columns: string[]; rows: IrisRow[]; report: LoadReport }> {
  const table = await readCsvTable(path);
  const at = (name: string) => table.columns.indexOf(name);
  const irisIndex = at('code_iris') >= 0 ? at('code_iris') : at('iris');
  if (irisIndex < 0) throw new DatasetFileError(`${path} : colonne « code_iris » absente ; colonnes trouvées : ${table.columns.join(', ')}.`);
  const sourceIndex = at('code_commune_iris') >= 0 ? at('code_commune_iris') : at('code_insee');
  const cog2026Index = at('code_insee_2026');
  const typIndex = at('typ_iris');
  if (sourceIndex < 0 && cog2026Index < 0) throw new DatasetFileError(`${path} : il faut une colonne « code_insee_2026 » ou « code_commune_iris ».`);
  const report = emptyReport();
  report.rows_read = table.rows.length;
  const fixed = new Set([irisIndex, sourceIndex, cog2026Index, typIndex]);
  const candidates = table.columns.map((_, i) => i).filter((i) => !fixed.has(i) && table.columns[i] !== '' && !isIdentifierColumn(table.columns[i]!));
  const { numeric, text } = numericColumns(table.rows, candidates);
  report.ignored_columns = text.map((i) => table.columns[i]!);
  const columns = numeric.map((c) => table.columns[c.index]!);
  const rows: IrisRow[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const code = (row[irisIndex] ?? '').trim().toUpperCase();
    if (!IRIS.test(code)) {
      report.invalid_codes++;
      noteSample(report.invalid_sample, code || '(vide)');
      continue;
    }
    if (seen.has(code)) {
      report.duplicates++;
      continue;
    }
    seen.add(code);
    const source = sourceIndex >= 0 ? (row[sourceIndex] ?? '').trim() : null;
    const commune = (cog2026Index >= 0 ? mapper.resolve(row[cog2026Index] ?? '') : undefined) ?? (source ? mapper.resolve(source) : undefined);
    if (!commune) {
      report.unknown_codes++;
      noteSample(report.unknown_sample, `${code} (${source ?? row[cog2026Index]})`);
      continue;
    }
    const values: Values = numeric.map((c) => c.values[r]!);
    rows.push({ code_iris: code, commune_code: commune, commune_code_source: source, typ_iris: typIndex >= 0 ? (row[typIndex] ?? '').trim() || null : null, values });
  }
  return { columns, rows, report };
}
