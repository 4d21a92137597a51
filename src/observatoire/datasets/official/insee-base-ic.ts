// Owns reading INSEE's own files behind the socio-demographic datasets (insee-rp2022-iris and
// insee-rp2022-communes): the four zips of the census « bases infracommunales » (IRIS) 2022 —
// population, diplômes, ménages, activité —, Filosofi 2021 per IRIS and per commune, and computing
// from them the columns of Passerelle's derived files (same names, shares 0–100).
//
// Per IRIS, each share is the IRIS's counts divided. Per COG 2026 commune, the IRIS counts of the
// commune (its arrondissements, the communes merged into it since) are summed first, then divided:
// exact, unlike an average of shares. Filosofi figures are INSEE's own per commune; a figure INSEE
// does not publish (« s », « nd », empty: statistical secrecy) stays empty, never 0.
import { basename } from 'node:path';
import { parseCell } from '../cells.ts';
import { emptyReport, noteSample, REPORT_SAMPLE, type CommuneRow, type LoadReport } from '../commune-csv.ts';
import { DatasetFileError } from '../csv-reader.ts';
import type { IrisRow } from '../iris-csv.ts';
import type { CellValue, CodeMapper, Values } from '../passage.ts';
import type { OfficialFiles, OfficialParser, ParsedDataset } from './official-parser.ts';
import { readZipCsv, type ZipTable } from './zip-csv.ts';

/** The roles of the files in OfficialFiles. */
export const ROLES = {
  population: 'population',
  diplomes: 'diplomes',
  menages: 'menages',
  activite: 'activite',
  filosofiIris: 'filosofi_iris',
  filosofiCommunes: 'filosofi_communes',
} as const;

const IRIS = /^(?:[0-9]{2}|2A|2B)[0-9]{7}$/;

// ---------------------------------------------------------------------------------------------
// Columns

function requiredColumn(table: ZipTable, name: string): number {
  const index = table.columns.indexOf(name);
  if (index < 0) {
    const found = table.columns.slice(0, 12).map((c) => c.toUpperCase()).join(', ') + (table.columns.length > 12 ? '…' : '');
    throw new DatasetFileError(`${table.file} : colonne « ${name.toUpperCase()} » absente ; est-ce le bon fichier de l’INSEE ? (colonnes trouvées : ${found || 'aucune'})`);
  }
  return index;
}

/** Counts of each IRIS (or commune) by lower-case column name; a missing column is warned of, once. */
type Counts = Map<string, Record<string, CellValue>>;

function readCounts(table: ZipTable, keyColumn: string, names: readonly string[], report: LoadReport): Counts {
  const key = requiredColumn(table, keyColumn);
  const present = names.filter((n) => table.columns.includes(n));
  const missing = names.filter((n) => !present.includes(n));
  if (missing.length > 0) {
    report.warnings.push(`${table.file} : colonne${missing.length > 1 ? 's' : ''} ${missing.map((m) => `« ${m.toUpperCase()} »`).join(', ')} absente${missing.length > 1 ? 's' : ''} : les indicateurs qui en dépendent restent vides.`);
  }
  const at = present.map((n) => [n, table.columns.indexOf(n)] as const);
  const counts: Counts = new Map();
  for (const row of table.rows) {
    const code = (row[key] ?? '').trim().toUpperCase();
    if (!code || counts.has(code)) continue;
    const values: Record<string, CellValue> = {};
    for (const [name, index] of at) values[name] = parseCell(row[index]) ?? null;
    counts.set(code, values);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Indicators: shares of summed counts

/** A share: 100 × (sum of `plus` − sum of `minus`) / `of`. */
type Share = { column: string; plus: string[]; minus?: string[]; of: string };

const FINE_UNDER_25 = ['p22_pop0002', 'p22_pop0305', 'p22_pop0610', 'p22_pop1117', 'p22_pop1824'];

// The 2022 population file has no 15–24 band: 0–24 is the sum of its fine bands (0–2 … 18–24),
// 15–24 that minus 0–14. Its columns were read off the published header (IRIS;COM;TYP_IRIS;…).
const SHARES: readonly Share[] = [
  { column: 'pct_moins15', plus: ['p22_pop0014'], of: 'p22_pop' },
  { column: 'pct_15_24', plus: FINE_UNDER_25, minus: ['p22_pop0014'], of: 'p22_pop' },
  { column: 'pct_moins25', plus: FINE_UNDER_25, of: 'p22_pop' },
  { column: 'pct_25_54', plus: ['p22_pop2539', 'p22_pop4054'], of: 'p22_pop' },
  { column: 'pct_55_64', plus: ['p22_pop5564'], of: 'p22_pop' },
  { column: 'pct_65_79', plus: ['p22_pop6579'], of: 'p22_pop' },
  { column: 'pct_60plus', plus: ['p22_pop6074', 'p22_pop75p'], of: 'p22_pop' },
  { column: 'pct_65plus', plus: ['p22_pop65p'], of: 'p22_pop' },
  { column: 'pct_75plus', plus: ['p22_pop75p'], of: 'p22_pop' },
  { column: 'pct_80plus', plus: ['p22_pop80p'], of: 'p22_pop' },
  { column: 'pct_peu_diplomes_15plus', plus: ['p22_nscol15p_diplmin', 'p22_nscol15p_bepc', 'p22_nscol15p_capbep'], of: 'p22_nscol15p' },
  { column: 'tx_chomage_15_64', plus: ['p22_chom1564'], of: 'p22_act1564' },
  { column: 'tx_chomage_15_24', plus: ['p22_chom1524'], of: 'p22_act1524' },
  { column: 'pct_menages_1pers', plus: ['c22_menpseul'], of: 'c22_men' },
  { column: 'pct_fam_monoparentales', plus: ['c22_fammono'], of: 'c22_fam' },
  { column: 'pct_etrangers', plus: ['p22_pop_etr'], of: 'p22_pop' },
  { column: 'pct_immigres', plus: ['p22_pop_imm'], of: 'p22_pop' },
];

/** The count columns read from each file (lower case, as readCsvTable gives them). */
const COUNTS = {
  population: ['p22_pop', 'p22_pop0014', ...FINE_UNDER_25, 'p22_pop2539', 'p22_pop4054', 'p22_pop5564', 'p22_pop6579', 'p22_pop80p',
    'p22_pop6074', 'p22_pop75p', 'p22_pop65p', 'p22_pop_etr', 'p22_pop_imm'],
  diplomes: ['p22_nscol15p', 'p22_nscol15p_diplmin', 'p22_nscol15p_bepc', 'p22_nscol15p_capbep'],
  menages: ['c22_men', 'c22_menpseul', 'c22_fam', 'c22_fammono'],
  activite: ['p22_act1564', 'p22_chom1564', 'p22_act1524', 'p22_chom1524'],
} as const;

export const IRIS_COLUMNS = ['pop_rp2022', 'pct_moins15', 'pct_15_24', 'pct_65plus', 'pct_75plus', 'pct_peu_diplomes_15plus', 'tx_chomage_15_64',
  'pct_menages_1pers', 'pct_fam_monoparentales', 'pct_etrangers', 'tx_pauvrete_filosofi2021', 'revenu_median_uc_2021'];
export const COMMUNE_COLUMNS = ['pop_rp2022', 'n_iris', 'pct_moins15', 'pct_15_24', 'pct_moins25', 'pct_25_54', 'pct_55_64', 'pct_65_79', 'pct_60plus',
  'pct_65plus', 'pct_75plus', 'pct_80plus', 'pct_peu_diplomes_15plus', 'tx_chomage_15_64', 'tx_chomage_15_24', 'pct_menages_1pers',
  'pct_fam_monoparentales', 'pct_etrangers', 'pct_immigres', 'tx_pauvrete_filosofi2021', 'revenu_median_uc_2021'];

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function sumOf(counts: Record<string, CellValue>, names: readonly string[]): number | null {
  let total = 0;
  for (const name of names) {
    const v = counts[name];
    if (v === null || v === undefined) return null;
    total += v;
  }
  return total;
}

/** 100 × numerator / denominator, two decimals; empty when a count is missing or the denominator is 0. */
function share(counts: Record<string, CellValue>, s: Share): CellValue {
  const plus = sumOf(counts, s.plus);
  const minus = sumOf(counts, s.minus ?? []);
  const of = counts[s.of];
  if (plus === null || minus === null || of === null || of === undefined || of <= 0) return null;
  return round((100 * (plus - minus)) / of, 2);
}

/** Adds `part` into `total`, name by name; a missing part makes the total missing (null). */
function addCounts(total: Record<string, CellValue>, part: Record<string, CellValue>, names: readonly string[]): void {
  for (const name of names) {
    const a = total[name];
    const b = part[name];
    total[name] = a === null || b === null || b === undefined ? null : (a ?? 0) + b;
  }
}

// ---------------------------------------------------------------------------------------------
// Filosofi

type Filosofi = { tp: CellValue; med: CellValue; persons: CellValue };

function readFilosofiIris(table: ZipTable): Map<string, Filosofi> {
  const code = requiredColumn(table, 'iris');
  const tp = requiredColumn(table, 'disp_tp6021');
  const med = requiredColumn(table, 'disp_med21');
  const out = new Map<string, Filosofi>();
  for (const row of table.rows) {
    const key = (row[code] ?? '').trim().toUpperCase();
    if (key && !out.has(key)) out.set(key, { tp: parseCell(row[tp]) ?? null, med: parseCell(row[med]) ?? null, persons: null });
  }
  return out;
}

/**
 * Filosofi 2021 per commune, by the file's own code: the median (Q221) and persons (NBPERS21) of
 * FILO2021_DISP_COM, the poverty rate (TP6021) of FILO2021_DISP_PAUVRES_COM, in one zip.
 */
async function readFilosofiCommunes(path: string): Promise<{ file: string; values: Map<string, Filosofi> }> {
  const income = await readZipCsv(path, /DISP_COM\.csv$/i);
  const poverty = await readZipCsv(path, /DISP_PAUVRES_COM\.csv$/i);
  const incomeCode = requiredColumn(income, 'codgeo');
  const med = requiredColumn(income, 'q221');
  const persons = requiredColumn(income, 'nbpers21');
  const povertyCode = requiredColumn(poverty, 'codgeo');
  const tp = requiredColumn(poverty, 'tp6021');
  const values = new Map<string, Filosofi>();
  for (const row of income.rows) {
    const code = (row[incomeCode] ?? '').trim().toUpperCase();
    if (code && !values.has(code)) values.set(code, { tp: null, med: parseCell(row[med]) ?? null, persons: parseCell(row[persons]) ?? null });
  }
  for (const row of poverty.rows) {
    const code = (row[povertyCode] ?? '').trim().toUpperCase();
    const value = parseCell(row[tp]) ?? null;
    const known = values.get(code);
    if (known) known.tp = value;
    else if (code) values.set(code, { tp: value, med: null, persons: null });
  }
  return { file: basename(path), values };
}

/**
 * Filosofi of a COG 2026 commune, whose census IRIS carry the commune codes `sources`. The file's
 * row for the commune itself is its value when it covers the whole commune: the commune is its
 * only source, or its sources are parts the file also gives apart (Paris and its arrondissements).
 * Otherwise (communes merged since) the poverty rate is exact from the parts — poor persons summed
 * over persons, the threshold being national — when every part is published; a median does not
 * add up: empty.
 */
function filosofiFor(code: string, sources: ReadonlySet<string>, values: Map<string, Filosofi>): Filosofi | undefined {
  const own = values.get(code);
  if (own && (!sources.has(code) || sources.size === 1)) return own;
  const parts = [...sources].map((s) => values.get(s));
  if (parts.length === 1) return parts[0];
  const known = parts.every((p) => p && p.tp !== null && p.persons !== null && p.persons > 0);
  if (!known) return { tp: null, med: null, persons: null };
  const persons = parts.reduce((n, p) => n + p!.persons!, 0);
  return { tp: round(parts.reduce((n, p) => n + p!.tp! * p!.persons!, 0) / persons, 2), med: null, persons };
}

function warnUnknownFilosofi(values: Map<string, Filosofi>, file: string, mapper: CodeMapper, report: LoadReport): void {
  const unknown = [...values.keys()].filter((code) => !mapper.resolve(code));
  if (unknown.length === 0) return;
  const s = unknown.length > 1 ? 's' : '';
  report.warnings.push(`${file} : ${unknown.length} code${s} de commune inconnu${s} (${unknown.slice(0, REPORT_SAMPLE).join(', ')}) : ignoré${s}.`);
}

// ---------------------------------------------------------------------------------------------
// The census files, per IRIS

type IrisCounts = { code: string; com: string; typ: string | null; commune?: string; counts: Record<string, CellValue> };

function fileOf(files: OfficialFiles, role: string): string {
  const path = files[role];
  if (!path) throw new DatasetFileError(`Le fichier « ${role} » de l’INSEE manque : téléchargez-le avec passerelle data fetch.`);
  return path;
}

/** Every IRIS of the population file, with its counts from the four census files and its commune. */
async function readCensus(files: OfficialFiles, mapper: CodeMapper, report: LoadReport): Promise<IrisCounts[]> {
  const population = await readZipCsv(fileOf(files, ROLES.population));
  const irisAt = requiredColumn(population, 'iris');
  const comAt = requiredColumn(population, 'com');
  requiredColumn(population, 'p22_pop');
  const typAt = population.columns.indexOf('typ_iris');
  const others = await Promise.all((['diplomes', 'menages', 'activite'] as const).map(async (role) => {
    const table = await readZipCsv(fileOf(files, ROLES[role]));
    requiredColumn(table, COUNTS[role][0]!);
    return { file: table.file, names: COUNTS[role], counts: readCounts(table, 'iris', COUNTS[role], report) };
  }));
  const popCounts = readCounts(population, 'iris', COUNTS.population, report);
  report.rows_read = population.rows.length;
  const out: IrisCounts[] = [];
  const seen = new Set<string>();
  const absent = others.map(() => 0);
  for (const row of population.rows) {
    const code = (row[irisAt] ?? '').trim().toUpperCase();
    if (!IRIS.test(code)) {
      report.invalid_codes++;
      noteSample(report.invalid_sample, code || '(vide)');
      continue;
    }
    if (seen.has(code)) {
      report.duplicates++;
      noteSample(report.duplicate_sample, code);
      continue;
    }
    seen.add(code);
    const counts: Record<string, CellValue> = { ...popCounts.get(code) };
    others.forEach((other, i) => {
      const part = other.counts.get(code);
      if (!part) absent[i]!++;
      for (const name of other.names) counts[name] = part?.[name] ?? null;
    });
    const com = (row[comAt] ?? '').trim();
    const typ = typAt >= 0 ? (row[typAt] ?? '').trim() || null : null;
    const commune = mapper.resolve(com);
    out.push({ code, com, typ, ...(commune && { commune }), counts });
  }
  others.forEach((other, i) => {
    if (absent[i]! > 0) report.warnings.push(`${absent[i]} IRIS du fichier de population absents de ${other.file} : leurs indicateurs tirés de ce fichier restent vides.`);
  });
  return out;
}

function noteUnknown(report: LoadReport, mapper: CodeMapper, sample: string): void {
  report.unknown_codes++;
  noteSample(report.unknown_sample, sample);
  if (report.unknown_codes === 1 && !mapper.passageLoaded) {
    report.warnings.push('La table de passage n’est pas chargée : les codes de communes fusionnées depuis ne sont pas reconnus (passerelle data load passage-communes FICHIER, puis rechargez ce jeu avec --force).');
  }
}

// ---------------------------------------------------------------------------------------------
// The two parsers

/** insee-rp2022-iris: one row per IRIS, its commune brought to COG 2026. */
export const parseInseeRpIris: OfficialParser = async (files, { mapper }) => {
  const report = emptyReport();
  const census = await readCensus(files, mapper, report);
  const filosofi = readFilosofiIris(await readZipCsv(fileOf(files, ROLES.filosofiIris)));
  // An IRIS of type Z is a whole commune not split into IRIS: its Filosofi figures are the commune's.
  const communes = files[ROLES.filosofiCommunes] ? (await readFilosofiCommunes(files[ROLES.filosofiCommunes]!)).values : new Map<string, Filosofi>();
  const shares = new Map(SHARES.map((s) => [s.column, s]));
  const rows: IrisRow[] = [];
  for (const iris of census) {
    if (!iris.commune) {
      noteUnknown(report, mapper, `${iris.code} (${iris.com})`);
      continue;
    }
    const income = filosofi.get(iris.code) ?? (iris.code.endsWith('0000') ? communes.get(iris.com) : undefined);
    const values: Values = IRIS_COLUMNS.map((column) => {
      if (column === 'pop_rp2022') return iris.counts.p22_pop === null || iris.counts.p22_pop === undefined ? null : Math.round(iris.counts.p22_pop);
      if (column === 'tx_pauvrete_filosofi2021') return income?.tp ?? null;
      if (column === 'revenu_median_uc_2021') return income?.med ?? null;
      return share(iris.counts, shares.get(column)!);
    });
    rows.push({ code_iris: iris.code, commune_code: iris.commune, commune_code_source: iris.com || null, typ_iris: iris.typ, values });
  }
  return { content: { iris: { columns: [...IRIS_COLUMNS], rows } }, rows: rows.length, report };
};

/** insee-rp2022-communes: IRIS counts summed per COG 2026 commune, then divided; Filosofi per commune. */
export const parseInseeRpCommunes: OfficialParser = async (files, { mapper }): Promise<ParsedDataset> => {
  const report = emptyReport();
  const census = await readCensus(files, mapper, report);
  const filosofiFile = await readFilosofiCommunes(fileOf(files, ROLES.filosofiCommunes));
  warnUnknownFilosofi(filosofiFile.values, filosofiFile.file, mapper, report);
  const names = [...new Set(Object.values(COUNTS).flat())];
  const groups = new Map<string, { sources: Set<string>; iris: number; counts: Record<string, CellValue> }>();
  const unknown = new Set<string>();
  for (const iris of census) {
    if (!iris.commune) {
      if (!unknown.has(iris.com)) noteUnknown(report, mapper, iris.com || '(vide)');
      unknown.add(iris.com);
      continue;
    }
    const group = groups.get(iris.commune) ?? { sources: new Set<string>(), iris: 0, counts: {} };
    groups.set(iris.commune, group);
    group.sources.add(iris.com);
    group.iris++;
    addCounts(group.counts, iris.counts, names);
  }
  const shares = new Map(SHARES.map((s) => [s.column, s]));
  const rows: CommuneRow[] = [];
  for (const [code, group] of groups) {
    if (group.sources.size > 1) {
      report.merged++;
      noteSample(report.merged_sample, `${code} ← ${[...group.sources].join(' + ')}`);
    }
    const income = filosofiFor(code, group.sources, filosofiFile.values);
    const values: Values = COMMUNE_COLUMNS.map((column) => {
      if (column === 'pop_rp2022') return group.counts.p22_pop === null || group.counts.p22_pop === undefined ? null : Math.round(group.counts.p22_pop);
      if (column === 'n_iris') return group.iris;
      if (column === 'tx_pauvrete_filosofi2021') return income?.tp ?? null;
      if (column === 'revenu_median_uc_2021') return income?.med ?? null;
      return share(group.counts, shares.get(column)!);
    });
    rows.push({ code, values });
  }
  report.weight_column = 'pop_rp2022';
  return { content: { communes: { columns: [...COMMUNE_COLUMNS], rows } }, rows: rows.length, report };
};
