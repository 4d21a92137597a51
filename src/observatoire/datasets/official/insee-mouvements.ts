// Owns the parser of INSEE's own « mouvements des communes » of the COG (v_mvt_commune_2026.csv:
// MOD, DATE_EFF, TYPECOM_AV, COM_AV, …, TYPECOM_AP, COM_AP, …, one row per entity before × entity
// after of each event), read as the passage table: every code that stopped being a commune since
// 2018-01-01 — fusion simple (MOD 31), commune nouvelle (32), fusion-association (33, 34),
// suppression into one commune (30), change of code (41, 50) — and the current commune it is now
// part of. Only COM → COM rows of those events count (a COM → COMD/COMA row says the old commune
// lives on as a commune déléguée or associée, which communes_historiques already resolves).
// Chains are followed (merged in 2019 into a commune merged again in 2024) up to the first code the
// mapper says is current, else the last COM_AP; a code that is a commune again (rétablissement) or
// still one today is left out. The method is `insee_mvt_<MOD>` of the event that ended the code.
import { readCsvTable, DatasetFileError } from '../csv-reader.ts';
import { emptyReport, noteSample, type LoadReport, type PassageRow } from '../commune-csv.ts';
import { normalizeCode, type CodeMapper } from '../passage.ts';
import type { OfficialParser, ParsedDataset } from './official-parser.ts';
import { requireColumns } from './commune-sums.ts';

export const INSEE_MOUVEMENTS_ROLE = 'mouvements';
/** The passage table's start: codes of COG 2018 or later (decision 023). */
export const SINCE = '2018-01-01';
/** Events that end a commune code, its territory going to another commune. */
const ENDING = new Set(['30', '31', '32', '33', '34', '41', '50']);
const REQUIRED = ['mod', 'date_eff', 'typecom_av', 'com_av', 'typecom_ap', 'com_ap'];
const WHAT = 'le fichier des mouvements des communes du COG de l’INSEE (v_mvt_commune_AAAA.csv)';
const MAX_STEPS = 20;

type Move = { mod: string; date: string; from: string; to: string };
type Ending = { mod: string; date: string; targets: Set<string> };

/** An ISO date from DATE_EFF (2019-01-01, or 01/01/2019 as a spreadsheet rewrites it). */
export function isoDate(raw: string): string | undefined {
  const text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text.slice(0, 10);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : undefined;
}

/** The COM → COM rows of the file, codes and dates read; what could not be read is reported. */
function readMoves(rows: readonly string[][], columns: readonly string[], report: LoadReport): { moves: Move[]; lastDate: string } {
  const at = (c: string) => columns.indexOf(c);
  const moves: Move[] = [];
  let lastDate = '';
  for (const r of rows) {
    const date = isoDate(r[at('date_eff')] ?? '');
    if (date && date > lastDate) lastDate = date;
    if ((r[at('typecom_av')] ?? '').trim() !== 'COM' || (r[at('typecom_ap')] ?? '').trim() !== 'COM') continue;
    const from = normalizeCode(r[at('com_av')] ?? '');
    const to = normalizeCode(r[at('com_ap')] ?? '');
    if (!from || !to || !date) {
      report.invalid_codes++;
      noteSample(report.invalid_sample, `${r[at('com_av')] ?? ''} → ${r[at('com_ap')] ?? ''} (${r[at('date_eff')] ?? ''})`);
      continue;
    }
    moves.push({ mod: (r[at('mod')] ?? '').trim(), date, from, to });
  }
  return { moves, lastDate };
}

/**
 * For each code, the latest event since SINCE that ended it (and its COM targets), unless the code
 * was a commune again afterwards (restored, or the target of a later event).
 */
function endings(moves: readonly Move[]): Map<string, Ending> {
  const ended = new Map<string, Ending>();
  for (const m of moves) {
    if (m.date < SINCE || !ENDING.has(m.mod) || m.from === m.to) continue;
    const e = ended.get(m.from);
    if (!e || m.date > e.date) ended.set(m.from, { mod: m.mod, date: m.date, targets: new Set([m.to]) });
    else if (m.date === e.date) e.targets.add(m.to);
  }
  // A commune after a later event (rétablissement, or the commune kept by a fusion): not ended.
  const alive = new Map<string, string>();
  for (const m of moves) if ((alive.get(m.to) ?? '') < m.date) alive.set(m.to, m.date);
  for (const [code, e] of ended) if ((alive.get(code) ?? '') > e.date) ended.delete(code);
  return ended;
}

/** The single commune an ended code went to, else undefined (split between several: not a passage). */
const targetOf = (e: Ending | undefined) => (e && e.targets.size === 1 ? [...e.targets][0] : undefined);

/** Follows an ended code to the current commune; `known` when the mapper knows it as current. */
function follow(code: string, ended: ReadonlyMap<string, Ending>, mapper: CodeMapper): { code: string; known: boolean } | undefined {
  let at = targetOf(ended.get(code));
  const seen = new Set([code]);
  for (let step = 0; at !== undefined && step < MAX_STEPS; step++) {
    const current = mapper.resolve(at);
    if (current === at) return { code: at, known: true };
    const next = targetOf(ended.get(at));
    if (next === undefined || seen.has(next)) return current ? { code: current, known: true } : { code: at, known: false };
    seen.add(at);
    at = next;
  }
  return undefined;
}

export async function parseMouvements(path: string, mapper: CodeMapper): Promise<{ rows: PassageRow[]; report: LoadReport; lastDate: string }> {
  const table = await readCsvTable(path);
  requireColumns(path, table.columns, REQUIRED, WHAT, true);
  const report = emptyReport();
  report.rows_read = table.rows.length;
  const { moves, lastDate } = readMoves(table.rows, table.columns, report);
  const ended = endings(moves);
  const rows: PassageRow[] = [];
  const split: string[] = [];
  let unresolved = 0;
  for (const [code, e] of [...ended].sort(([a], [b]) => a.localeCompare(b))) {
    if (mapper.resolve(code) === code) continue; // a commune today (the mapper's COG is newer)
    if (e.targets.size > 1) {
      split.push(code);
      continue;
    }
    const to = follow(code, ended, mapper);
    if (!to) continue;
    if (!to.known) {
      unresolved++;
      noteSample(report.unknown_sample, `${code} → ${to.code}`);
    }
    rows.push({ old_code: code, new_code: to.code, method: `insee_mvt_${e.mod}` });
  }
  report.unknown_codes = unresolved;
  if (split.length > 0) report.warnings.push(`${split.length} codes partagés entre plusieurs communes, laissés de côté : ${split.slice(0, 10).join(', ')}.`);
  if (unresolved > 0) report.warnings.push(`${unresolved} codes mènent à une commune absente de la table des communes : gardés avec le dernier code de l’INSEE (chargez le COG ${lastDate.slice(0, 4)}).`);
  return { rows, report, lastDate };
}

export const parseInseeMouvements: OfficialParser = async (files, { mapper }): Promise<ParsedDataset> => {
  const path = files[INSEE_MOUVEMENTS_ROLE];
  if (!path) throw new DatasetFileError(`Fichier « ${INSEE_MOUVEMENTS_ROLE} » (INSEE, v_mvt_commune_2026.csv) manquant.`);
  const { rows, report, lastDate } = await parseMouvements(path, mapper);
  return {
    content: { passage: rows },
    rows: rows.length,
    report,
    ...(lastDate && { version: `INSEE, COG, mouvements des communes jusqu’au ${lastDate}` }),
  };
};
