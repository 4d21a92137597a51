// Owns the parser of ARCEP's own « Ma connexion internet » commune file, commune_debit_terrestre.csv
// (';' separated, UTF-8): premises (logements + locaux professionnels, `nbr`) by speed class,
// without satellite (« terrestre »), one row per commune and premises type — only `type = all` is
// read. Its classes are CUMULATIVE (elig_thd100 ⊂ elig_thd30: premises with at least that speed),
// unlike the 2019 derived file where they were exclusive; the counts keep ARCEP's names and
// meaning. It yields the derived file's indicator columns:
//   pct_eligible_30mbps    = 100 × elig_thd30 / nbr
//   pct_non_couverture_thd = 100 × (nbr − elig_thd30) / nbr   (null when nbr is 0 or unknown)
// Rows of communes merged since are summed first, then the shares recomputed from the sums.
import { readCsvTable, DatasetFileError } from '../csv-reader.ts';
import type { CommuneRow } from '../commune-csv.ts';
import type { CellValue } from '../passage.ts';
import type { OfficialParser, ParsedDataset } from './official-parser.ts';
import { countCell, percent, requireColumns, sumByCommune, unreadableWarning, type SourceRow } from './commune-sums.ts';

export const ARCEP_DEBIT_ROLE = 'debit';

const REQUIRED = ['code_insee', 'type', 'date', 'nbr', 'elig_thd30'];
/** ARCEP's count columns, in its order; those the file has are kept. */
const COUNTS = ['nbr', 'inel_hd', 'elig_hd3', 'elig_bhd8', 'elig_thd30', 'elig_thd100', 'elig_thd1g'];
const SHARES = ['pct_eligible_30mbps', 'pct_non_couverture_thd'];
const WHAT = 'le fichier commune_debit_terrestre.csv de l’ARCEP (Ma connexion internet, statistiques par commune)';

function fileOf(files: Readonly<Record<string, string>>): string {
  const path = files[ARCEP_DEBIT_ROLE];
  if (!path) throw new DatasetFileError(`Fichier « ${ARCEP_DEBIT_ROLE} » (ARCEP, commune_debit_terrestre.csv) manquant.`);
  return path;
}

/** The rows of type « all » of the latest date in the file, and that date. */
function latestAllRows(rows: readonly string[][], typeIndex: number, dateIndex: number): { rows: string[][]; date: string; dates: number } {
  const all = rows.filter((r) => (r[typeIndex] ?? '').trim().toLowerCase() === 'all');
  const dates = [...new Set(all.map((r) => (r[dateIndex] ?? '').trim()).filter((d) => d !== ''))].sort();
  const date = dates[dates.length - 1] ?? '';
  return { rows: date ? all.filter((r) => (r[dateIndex] ?? '').trim() === date) : all, date, dates: dates.length };
}

/** The indicator row of a commune from its (summed) counts. */
function withShares(counts: readonly CellValue[], columns: readonly string[]): CellValue[] {
  const nbr = counts[columns.indexOf('nbr')] ?? null;
  const thd30 = counts[columns.indexOf('elig_thd30')] ?? null;
  const without = nbr !== null && thd30 !== null ? nbr - thd30 : null;
  return [...counts, percent(thd30, nbr), percent(without, nbr)];
}

export const parseArcepDebit: OfficialParser = async (files, { mapper }): Promise<ParsedDataset> => {
  const path = fileOf(files);
  const table = await readCsvTable(path);
  requireColumns(path, table.columns, REQUIRED, WHAT);
  const at = (c: string) => table.columns.indexOf(c);
  const { rows, date, dates } = latestAllRows(table.rows, at('type'), at('date'));
  if (rows.length === 0) throw new DatasetFileError(`${path} : aucune ligne de type « all » (tous locaux) ; ce n’est pas ${WHAT}.`);
  const counts = COUNTS.filter((c) => at(c) >= 0);
  const unreadable = { count: 0 };
  const source: SourceRow[] = rows.map((r) => ({ raw: r[at('code_insee')] ?? '', counts: counts.map((c) => countCell(r[at(c)], unreadable)) }));
  const { sums, report } = sumByCommune(source, counts, mapper);
  const communes: CommuneRow[] = sums.map((s) => ({ code: s.code, values: withShares(s.counts, counts) }));
  report.weight_column = 'nbr';
  report.warnings.push(
    'Classes de débit cumulatives (elig_thd30 = locaux éligibles à 30 Mbit/s ou plus), contrairement au fichier de 2019 ; satellite exclu.',
    ...unreadableWarning(unreadable),
  );
  if (dates > 1) report.warnings.push(`Le fichier contient ${dates} dates : seules les lignes au ${date} sont lues.`);
  return {
    content: { communes: { columns: [...counts, ...SHARES], rows: communes } },
    rows: communes.length,
    report,
    ...(date && { version: `ARCEP Ma connexion internet, données au ${date}` }),
  };
};
