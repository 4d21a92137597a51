// Owns reading one CSV cell as a number, and which columns of an indicator file are numbers.
// Empty cells and the markers producers write for figures they do not publish (s, nd, n.d., NA,
// secret, -) are null: « not published ». Decimal commas (« 12,5 », in ';' files), spaces between
// thousands and a trailing « % » are read as written by French spreadsheets.
import type { CellValue } from './passage.ts';

const NOT_PUBLISHED = new Set(['', 's', 'nd', 'n.d.', 'n/d', 'na', 'nan', 'nc', 'ns', 'secret', '-', 'x', '.', '…']);
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

const PLAIN = /^-?\d+(?:\.\d+)?$/;

/** A number, null when not published, undefined when the cell is not a number at all. */
export function parseCell(raw: string | undefined): CellValue | undefined {
  if (raw === undefined || raw === '') return null;
  if (PLAIN.test(raw)) return Number(raw); // most cells: no trimming or rewriting needed
  let text = raw.trim();
  if (NOT_PUBLISHED.has(text.toLowerCase())) return null;
  text = text.replace(/\s*%$/, '').replace(/(\d)[\s\u00a0\u202f]+(?=\d{3}\b)/g, '$1');
  if (/^[-+]?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  return NUMBER.test(text) ? Number(text) : undefined;
}

/**
 * Names of columns that identify or place a row rather than measure it (codes, names, départements,
 * coordinates, dates): never kept as indicators, even when they hold numbers.
 */
const IDENTIFIER = /^(code|cod|codgeo|com|depcom|insee|nom|libelle|lib|libgeo|dep|reg|epci|arr|can|lat|lon|latitude|longitude|date|annee|an|typ|type|flag|source)(_|$)/;

export function isIdentifierColumn(column: string): boolean {
  return IDENTIFIER.test(column);
}

/**
 * The columns (among `candidates`, by index) whose every cell is a number or not published, with
 * at least one number, each with its values read (one per row); the others are returned apart.
 */
export function numericColumns(rows: readonly string[][], candidates: readonly number[]): { numeric: { index: number; values: CellValue[] }[]; text: number[] } {
  const numeric: { index: number; values: CellValue[] }[] = [];
  const text: number[] = [];
  for (const index of candidates) {
    const values: CellValue[] = new Array(rows.length);
    let seen = false;
    let ok = true;
    for (let r = 0; r < rows.length; r++) {
      const v = parseCell(rows[r]![index]);
      if (v === undefined) {
        ok = false;
        break;
      }
      if (v !== null) seen = true;
      values[r] = v;
    }
    if (ok && seen) numeric.push({ index, values });
    else text.push(index);
  }
  return { numeric, text };
}
