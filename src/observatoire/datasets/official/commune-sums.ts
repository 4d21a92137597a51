// Owns what the parsers of producers' commune files (ARCEP, INSEE comparateur) share: checking that
// the file has the columns they read (a French DatasetFileError naming the missing ones), reading a
// cell as a count (empty or secret is null, never 0), and bringing rows to COG 2026 — codes resolved
// through the mapper, arrondissements of Paris, Lyon and Marseille left out when the file also has
// their whole commune, and the counts of the rows of one COG 2026 commune summed (an empty part
// empties the sum: the whole is not known either). Shares are computed afterwards from the sums by
// each parser, never averaged.
import { parseCell } from '../cells.ts';
import { DatasetFileError } from '../csv-reader.ts';
import { emptyReport, noteSample, type LoadReport } from '../commune-csv.ts';
import { mergeValues, normalizeCode, type CellValue, type CodeMapper } from '../passage.ts';

/**
 * Throws when one of `required` (lower-case, as csv-reader gives headers) is not among `columns`;
 * `upper` names them as producers that write upper-case headers (INSEE) do.
 */
export function requireColumns(path: string, columns: readonly string[], required: readonly string[], what: string, upper = false): void {
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length === 0) return;
  const names = missing.map((c) => `« ${upper ? c.toUpperCase() : c} »`).join(', ');
  throw new DatasetFileError(`${path} : ${missing.length > 1 ? 'colonnes' : 'colonne'} ${names} ${missing.length > 1 ? 'absentes' : 'absente'} ; ce n’est pas ${what} (colonnes trouvées : ${columns.join(', ') || '(aucune)'}).`);
}

/** A cell read as a number; null when empty, secret or not a number (then counted in `unreadable`). */
export function countCell(raw: string | undefined, unreadable: { count: number }): CellValue {
  const value = parseCell(raw);
  if (value === undefined) {
    unreadable.count++;
    return null;
  }
  return value;
}

export type SourceRow = { raw: string; counts: CellValue[] };
export type CommuneSum = { code: string; sources: string[]; counts: CellValue[] };

/** The whole commune of an arrondissement municipal (Paris, Lyon, Marseille), else undefined. */
export function plmCommune(code: string): string | undefined {
  if (/^751(0[1-9]|1[0-9]|20)$/.test(code)) return '75056';
  if (/^6938[1-9]$/.test(code)) return '69123';
  if (/^132(0[1-9]|1[0-6])$/.test(code)) return '13055';
  return undefined;
}

/**
 * The rows of a file (code as written, counts aligned with `columns`) grouped by COG 2026 commune,
 * counts summed; what was left out or merged goes into the returned report.
 */
export function sumByCommune(rows: readonly SourceRow[], columns: readonly string[], mapper: CodeMapper): { sums: CommuneSum[]; report: LoadReport } {
  const report = emptyReport();
  report.rows_read = rows.length;
  const codes = rows.map((r) => normalizeCode(r.raw));
  const present = new Set(codes.filter((c): c is string => c !== undefined));
  const seen = new Set<string>();
  const groups = new Map<string, CommuneSum & { parts: CellValue[][] }>();
  let skippedArrondissements = 0;
  rows.forEach((row, i) => {
    const code = codes[i];
    if (!code) {
      report.invalid_codes++;
      noteSample(report.invalid_sample, row.raw.trim() || '(vide)');
      return;
    }
    if (seen.has(code)) {
      report.duplicates++;
      noteSample(report.duplicate_sample, code);
      return;
    }
    seen.add(code);
    const whole = plmCommune(code);
    if (whole && present.has(whole)) {
      skippedArrondissements++;
      return;
    }
    const target = mapper.resolve(code) ?? (whole ? mapper.resolve(whole) : undefined);
    if (!target) {
      report.unknown_codes++;
      noteSample(report.unknown_sample, code);
      return;
    }
    const group = groups.get(target);
    if (group) {
      group.sources.push(code);
      group.parts.push(row.counts);
    } else groups.set(target, { code: target, sources: [code], counts: row.counts, parts: [row.counts] });
  });
  const sums: CommuneSum[] = [];
  for (const g of groups.values()) {
    if (g.parts.length > 1) {
      report.merged++;
      noteSample(report.merged_sample, `${g.code} ← ${g.sources.join(' + ')}`);
    }
    // Count columns only: mergeValues sums them, an empty part empties the sum.
    const counts = g.parts.length > 1 ? mergeValues(g.parts, columns.map((c) => `n_${c}`), undefined) : g.counts;
    sums.push({ code: g.code, sources: g.sources, counts });
  }
  if (skippedArrondissements > 0) {
    report.warnings.push(`${skippedArrondissements} lignes d’arrondissements municipaux (Paris, Lyon, Marseille) laissées de côté : le fichier a aussi la ligne de la commune entière.`);
  }
  if (report.unknown_codes > 0 && !mapper.passageLoaded) {
    report.warnings.push('La table de passage n’est pas chargée : les codes de communes fusionnées depuis ne sont pas reconnus (passerelle data fetch passage-communes, puis rechargez ce jeu avec --force).');
  }
  return { sums, report };
}

/** 100 × part / whole, two decimals; null when either is unknown or the whole is 0. */
export function percent(part: CellValue, whole: CellValue): CellValue {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((10000 * part) / whole) / 100;
}

/** The warning for cells that were text where a number was expected. */
export function unreadableWarning(unreadable: { count: number }): string[] {
  return unreadable.count > 0 ? [`${unreadable.count} cellules illisibles comme nombres ont été lues comme vides.`] : [];
}
