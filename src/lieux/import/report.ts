// Owns the import report as people read it: a French summary for the terminal, and the list of
// problems as CSV (for a spreadsheet) and JSON (for programs).
import type { ImportReport } from './import-file.ts';

export function reportSummary(report: ImportReport): string {
  const errors = report.issues.filter((i) => i.severity === 'error');
  const warnings = report.issues.filter((i) => i.severity === 'warning');
  const details = Object.entries(report.details).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `Import de ${report.file} (source « ${report.source} », format ${report.format}${details ? `, ${details}` : ''})`,
    `  ${report.rows_read} lignes lues : ${report.created} lieux créés, ${report.updated} mis à jour, ${report.unchanged} inchangés, ${report.rows_rejected} lignes rejetées.`,
  ];
  if (report.file_error) lines.push(`  Problème de fichier${report.file_error.line ? ` (ligne ${report.file_error.line})` : ''} : ${report.file_error.reason}`);
  if (errors.length > 0) lines.push(`  ${errors.length} erreur(s), par exemple :`, ...errors.slice(0, 5).map((i) => `    ligne ${i.line}, ${i.column} = « ${truncate(i.value)} » : ${i.reason}`));
  if (warnings.length > 0) lines.push(`  ${warnings.length} valeur(s) ignorée(s) (la ligne est importée sans elles), par exemple :`, ...warnings.slice(0, 3).map((i) => `    ligne ${i.line}, ${i.column} = « ${truncate(i.value)} » : ${i.reason}`));
  return lines.join('\n');
}

const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** One CSV cell for a spreadsheet: a leading = + - @ is neutralised, quotes when needed (`;` separated). */
export const csvCell = (value: unknown) => {
  const s = String(value ?? '');
  // A leading = + - @ would be run as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function reportCsv(report: ImportReport): string {
  const rows = [['ligne', 'colonne', 'valeur', 'gravite', 'raison']];
  if (report.file_error) rows.push([String(report.file_error.line ?? ''), '', '', 'fichier', report.file_error.reason]);
  for (const i of report.issues) rows.push([String(i.line), i.column, i.value, i.severity === 'error' ? 'ligne rejetée' : 'valeur ignorée', i.reason]);
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export function reportJson(report: ImportReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
