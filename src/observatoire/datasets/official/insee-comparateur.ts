// Owns the parser of INSEE's own « base du comparateur de territoires »: the zip
// base_cc_comparateur_csv.zip holding base_cc_comparateur.csv (';' separated, one row per commune
// of the edition's geography, CODGEO), or that CSV itself. Census columns carry the census year
// as a prefix (P21_POP, P21_MEN… in the 2024 edition, P22_ in the next one), the older population
// too (P15_POP, P16_POP), births and deaths of one year a suffix (NAISD23/DECESD23, or NAIS23/DECES23):
// the year is read from the header, never assumed. It yields the derived file's columns, named with
// the years the file has:
//   superficie_km2 (SUPERF), pop_20AA (PAA_POP, every census year present), menages_20AA (PAA_MEN),
//   naissances_20BB / deces_20BB, pop_15_64_20AA (PAA_POP1564), actifs_15_64_20AA (PAA_ACT1564),
//   chomeurs_15_64_20AA (PAA_CHOM1564), tx_chomage_15_64_20AA = 100 × chômeurs / actifs.
// Rows of communes merged since are summed, then the rate recomputed from the sums.
import { readCsvTable, DatasetFileError } from '../csv-reader.ts';
import type { CommuneRow, PassageRow } from '../commune-csv.ts';
import type { CellValue } from '../passage.ts';
import type { OfficialParser, ParsedDataset } from './official-parser.ts';
import { isZip, readZipCsv, type ZipTable } from './zip-csv.ts';
import { countCell, percent, requireColumns, sumByCommune, unreadableWarning, type SourceRow } from './commune-sums.ts';

export const INSEE_COMPARATEUR_ROLE = 'comparateur';
/** The census year of the derived file (comparateur 2024): other years are said in the report. */
const DERIVED_YEAR = 2021;
const WHAT = 'la base du comparateur de territoires de l’INSEE (base_cc_comparateur.csv)';

// ---- the zip ----

// ---- the columns ----

type Layout = {
  year: number;
  /** Output column name → source column (lower-case). */
  sources: [name: string, column: string][];
  rate: string;
};

const yearOf = (yy: string) => 2000 + Number(yy);

/** The census years of the PAA_POP columns, latest first. */
function popYears(columns: readonly string[]): string[] {
  return columns.map((c) => /^p(\d\d)_pop$/.exec(c)?.[1]).filter((y): y is string => y !== undefined).sort().reverse();
}

/** The one-year births or deaths column (naisd23, nais23; decesd23, deces23), latest year. */
function civilColumn(columns: readonly string[], pattern: RegExp): [column: string, year: number] | undefined {
  const found = columns.map((c) => [c, pattern.exec(c)?.[1]] as const).filter((x): x is readonly [string, string] => x[1] !== undefined);
  found.sort((a, b) => b[1].localeCompare(a[1]));
  return found[0] && [found[0][0], yearOf(found[0][1])];
}

export function comparateurLayout(path: string, columns: readonly string[]): Layout {
  const years = popYears(columns);
  const yy = years[0];
  if (!yy) requireColumns(path, columns, ['codgeo', `p${String(DERIVED_YEAR).slice(2)}_pop`], WHAT, true);
  const p = `p${yy}_`;
  requireColumns(path, columns, ['codgeo', 'superf', `${p}men`, `${p}pop1564`, `${p}act1564`, `${p}chom1564`], WHAT, true);
  const year = yearOf(yy!);
  const births = civilColumn(columns, /^naisd?(\d\d)$/);
  const deaths = civilColumn(columns, /^decesd?(\d\d)$/);
  const sources: [string, string][] = [
    ['superficie_km2', 'superf'],
    ...years.map((y): [string, string] => [`pop_${yearOf(y)}`, `p${y}_pop`]),
    [`menages_${year}`, `${p}men`],
    ...(births ? [[`naissances_${births[1]}`, births[0]] as [string, string]] : []),
    ...(deaths ? [[`deces_${deaths[1]}`, deaths[0]] as [string, string]] : []),
    [`pop_15_64_${year}`, `${p}pop1564`],
    [`actifs_15_64_${year}`, `${p}act1564`],
    [`chomeurs_15_64_${year}`, `${p}chom1564`],
  ];
  return { year, sources, rate: `tx_chomage_15_64_${year}` };
}

function withRate(counts: readonly CellValue[], layout: Layout): CellValue[] {
  const at = (prefix: string) => counts[layout.sources.findIndex(([n]) => n === `${prefix}_${layout.year}`)] ?? null;
  return [...counts, percent(at('chomeurs_15_64'), at('actifs_15_64'))];
}

/** The comparateur table (`file` names it in messages). */
function parseTable(table: ZipTable, mapper: Parameters<OfficialParser>[1]['mapper']): ParsedDataset {
  const layout = comparateurLayout(table.file, table.columns);
  const codeIndex = table.columns.indexOf('codgeo');
  const indexes = layout.sources.map(([, c]) => table.columns.indexOf(c));
  const unreadable = { count: 0 };
  const source: SourceRow[] = table.rows.map((r) => ({ raw: r[codeIndex] ?? '', counts: indexes.map((i) => countCell(r[i], unreadable)) }));
  const names = layout.sources.map(([n]) => n);
  const { sums, report } = sumByCommune(source, names, mapper);
  const rows: CommuneRow[] = sums.map((s) => ({ code: s.code, values: withRate(s.counts, layout) }));
  // As the derived file's code_insee_2026 did: the edition's codes that are no longer communes.
  const passage: PassageRow[] = sums.flatMap((s) => s.sources.filter((c) => c !== s.code).map((c) => ({ old_code: c, new_code: s.code, method: 'comparateur_insee' })));
  report.weight_column = `pop_${layout.year}`;
  report.warnings.push(...unreadableWarning(unreadable));
  if (layout.year !== DERIVED_YEAR) {
    report.warnings.push(`Édition au recensement ${layout.year} (et non ${DERIVED_YEAR} comme le fichier dérivé) : colonnes nommées pop_${layout.year}, menages_${layout.year}, tx_chomage_15_64_${layout.year}…`);
  }
  return {
    content: { communes: { columns: [...names, layout.rate], rows }, passage },
    rows: rows.length,
    report,
    version: `INSEE, comparateur de territoires (recensement ${layout.year})`,
  };
}

export const parseInseeComparateur: OfficialParser = async (files, { mapper }) => {
  const path = files[INSEE_COMPARATEUR_ROLE];
  if (!path) throw new DatasetFileError(`Fichier « ${INSEE_COMPARATEUR_ROLE} » (INSEE, base_cc_comparateur_csv.zip) manquant.`);
  if (await isZip(path)) return parseTable(await readZipCsv(path, /^base_cc_comparateur(_\d{4})?\.csv$/i), mapper);
  return parseTable({ file: path, ...(await readCsvTable(path)) }, mapper);
};
