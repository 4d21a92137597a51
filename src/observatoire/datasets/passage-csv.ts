// Owns the parser of a passage table: an old commune code (code_insee_2018, or any code_insee_YYYY
// column before 2026) and the COG 2026 commune it is part of (code_insee_2026), with the method
// that decided it (methode). Rows whose new code is not a current commune are reported and left out;
// rows of communes that kept their code are counted but not stored (a current code is itself).
import { readCsvTable, DatasetFileError } from './csv-reader.ts';
import { emptyReport, noteSample, type LoadReport, type PassageRow } from './commune-csv.ts';
import { normalizeCode, type CodeMapper } from './passage.ts';

export async function parsePassageCsv(path: string, mapper: CodeMapper): Promise<{ rows: PassageRow[]; accepted: number; report: LoadReport }> {
  const table = await readCsvTable(path);
  const newIndex = table.columns.indexOf('code_insee_2026');
  const oldIndex = table.columns.findIndex((c) => /^code_insee_\d{4}$/.test(c) && c !== 'code_insee_2026');
  if (newIndex < 0 || oldIndex < 0) {
    throw new DatasetFileError(`${path} : il faut une colonne « code_insee_2026 » et une colonne de l’ancien code (« code_insee_2018 ») ; colonnes trouvées : ${table.columns.join(', ')}.`);
  }
  const methodIndex = table.columns.indexOf('methode');
  const report = emptyReport();
  report.rows_read = table.rows.length;
  const rows: PassageRow[] = [];
  let accepted = 0;
  const seen = new Set<string>();
  for (const row of table.rows) {
    const oldCode = normalizeCode(row[oldIndex] ?? '');
    const newCode = normalizeCode(row[newIndex] ?? '');
    if (!oldCode || !newCode) {
      report.invalid_codes++;
      noteSample(report.invalid_sample, `${row[oldIndex] ?? ''} → ${row[newIndex] ?? ''}`);
      continue;
    }
    if (seen.has(oldCode)) {
      report.duplicates++;
      continue;
    }
    seen.add(oldCode);
    // The new code itself may have changed since (a later COG): resolved like any code.
    const current = mapper.resolve(newCode);
    if (!current) {
      report.unknown_codes++;
      noteSample(report.unknown_sample, `${oldCode} → ${newCode}`);
      continue;
    }
    accepted++;
    if (current !== oldCode) rows.push({ old_code: oldCode, new_code: current, method: methodIndex >= 0 ? (row[methodIndex] ?? '').trim() || null : null });
  }
  return { rows, accepted, report };
}
