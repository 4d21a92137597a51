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
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { readCsvTable, DatasetFileError } from '../csv-reader.ts';
import type { CommuneRow, PassageRow } from '../commune-csv.ts';
import type { CellValue } from '../passage.ts';
import type { OfficialParser, ParsedDataset } from './official-parser.ts';
import { countCell, percent, requireColumns, sumByCommune, unreadableWarning, type SourceRow } from './commune-sums.ts';

export const INSEE_COMPARATEUR_ROLE = 'comparateur';
/** The census year of the derived file (comparateur 2024): other years are said in the report. */
const DERIVED_YEAR = 2021;
const WHAT = 'la base du comparateur de territoires de l’INSEE (base_cc_comparateur.csv)';

// ---- the zip ----

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

const openZip = (path: string) => new Promise<yauzl.ZipFile>((resolve, reject) => {
  yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip)));
});

async function entries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const list: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => { list.push(e); zip.readEntry(); });
    zip.on('end', () => resolve(list));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** The data CSV of the zip: base_cc_comparateur.csv, else its only CSV that is not metadata. */
export function comparateurEntry(names: readonly string[]): string | undefined {
  const csv = names.filter((n) => /\.csv$/i.test(n) && !n.endsWith('/'));
  const base = (n: string) => posix.basename(n).toLowerCase();
  const exact = csv.find((n) => /^base_cc_comparateur(_\d{4})?\.csv$/.test(base(n)));
  if (exact) return exact;
  const data = csv.filter((n) => !base(n).startsWith('meta'));
  return data.length === 1 ? data[0] : undefined;
}

/** Extracts the comparateur CSV of the zip into `dir`; returns its path and its name in the zip. */
async function extractCsv(path: string, dir: string): Promise<{ path: string; name: string }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new DatasetFileError(`${path} : l’archive zip est illisible (${(error as Error).message}) ; s’il a été téléchargé, téléchargez-le à nouveau.`);
  }
  try {
    const list = await entries(zip);
    const name = comparateurEntry(list.map((e) => e.fileName));
    const entry = list.find((e) => e.fileName === name);
    if (!entry) throw new DatasetFileError(`${path} : l’archive ne contient pas base_cc_comparateur.csv (fichiers : ${list.map((e) => e.fileName).join(', ') || '(aucun)'}).`);
    const out = join(dir, 'base_cc_comparateur.csv');
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s)));
    });
    await pipeline(stream, createWriteStream(out));
    return { path: out, name: entry.fileName };
  } finally {
    zip.close();
  }
}

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

/** Reads the CSV at `path`; errors name it `label` (the zip and its entry, not a temporary file). */
async function parseTable(path: string, label: string, mapper: Parameters<OfficialParser>[1]['mapper']): Promise<ParsedDataset> {
  let table;
  try {
    table = await readCsvTable(path);
  } catch (error) {
    if (error instanceof DatasetFileError && label !== path) throw new DatasetFileError(error.message.split(path).join(label));
    throw error;
  }
  const layout = comparateurLayout(label, table.columns);
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
  if (!(await isZip(path))) return parseTable(path, path, mapper);
  const dir = await mkdtemp(join(tmpdir(), 'passerelle-comparateur-'));
  try {
    const csv = await extractCsv(path, dir);
    return await parseTable(csv.path, `${path} (${csv.name})`, mapper);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
