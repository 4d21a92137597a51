// Owns the tables of the observatory's pages as data: each page builds its tables once (columns,
// rows of cells) and the same table is shown in HTML, written as CSV or XLSX (exports.ts). A
// number that is absent is a cell with its reason, shown and exported as that reason, never 0.
import { html, safeUrl, type SafeHtml } from '../html.ts';
import { absentLabel, frNumber } from './measures.ts';

export type Cell =
  | string
  | null
  | { text: string; href: string }
  | { number: number | null; missing?: string | null; digits?: number; suffix?: string };

export type Column = { header: string; numeric?: boolean; /** Excel column width, in characters. */ width?: number };

export type DataTable = {
  /** The `tableau=` value of its exports; also the HTML id. */
  id: string;
  title: string;
  /** The name of its sheet in an XLSX file (31 characters at most). */
  sheet: string;
  columns: Column[];
  rows: Cell[][];
  /** A sentence shown under the caption (what the figures are). */
  note?: string;
};

export const num = (number: number | null, options: { missing?: string | null; digits?: number; suffix?: string } = {}): Cell =>
  ({ number, ...options });

/** The text of a cell as people read it (the HTML and the text of a CSV). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if ('text' in cell) return cell.text;
  if (cell.number === null) return absentLabel(cell.missing);
  return `${frNumber(cell.number, cell.digits ?? 0)}${cell.suffix ?? ''}`;
}

function cellHtml(cell: Cell): SafeHtml | string {
  if (cell !== null && typeof cell === 'object') {
    if ('text' in cell) return html`<a href="${safeUrl(cell.href) ?? '#'}">${cell.text}</a>`;
    if (cell.number === null) return html`<span class="obs-absent">${absentLabel(cell.missing)}</span>`;
  }
  return cellText(cell);
}

/** The table in HTML, inside a region that scrolls sideways on a small screen (focusable for the keyboard). */
export function tableHtml(table: DataTable, options: {
  headerCells?: (SafeHtml | string)[]; rowHeaders?: boolean; exportLinks?: SafeHtml | null; sorted?: { index: number; order: 'asc' | 'desc' };
} = {}): SafeHtml {
  const captionId = `${table.id}-titre`;
  return html`<div class="obs-table" role="region" aria-labelledby="${captionId}" tabindex="0">
<table id="${table.id}">
<caption id="${captionId}">${table.title}${table.note && html`<span class="obs-note">${table.note}</span>`}</caption>
<thead><tr>${table.columns.map((c, i) => html`<th scope="col"${c.numeric ? html` class="num"` : ''}${options.sorted?.index === i ? html` aria-sort="${options.sorted.order === 'asc' ? 'ascending' : 'descending'}"` : ''}>${options.headerCells?.[i] ?? c.header}</th>`)}</tr></thead>
<tbody>
${table.rows.map((row) => html`<tr>${row.map((cell, i) => {
    const numeric = table.columns[i]?.numeric;
    const absent = cell !== null && typeof cell === 'object' && 'number' in cell && cell.number === null;
    const cls = numeric && !absent ? html` class="num"` : '';
    return i === 0 && options.rowHeaders !== false ? html`<th scope="row"${cls}>${cellHtml(cell)}</th>` : html`<td${cls}>${cellHtml(cell)}</td>`;
  })}</tr>\n`)}
</tbody>
</table>
</div>
${options.exportLinks}`;
}

/** "Télécharger ce tableau : CSV · XLSX" under a table, to the same URL with format= and tableau=. */
export function exportLinks(requestUrl: string, table: Pick<DataTable, 'id' | 'title'>, extra: { geojson?: boolean } = {}): SafeHtml {
  const tableId = table.id;
  const link = (format: string) => {
    const url = new URL(requestUrl, 'http://localhost');
    url.searchParams.delete('page');
    url.searchParams.set('format', format);
    if (format !== 'geojson') url.searchParams.set('tableau', tableId);
    return `${url.pathname}?${url.searchParams.toString()}`;
  };
  return html`<p class="obs-exports">Télécharger ce tableau : <a href="${link('csv')}" download>CSV<span class="sr-only"> : ${table.title}</span></a>
· <a href="${link('xlsx')}" download>XLSX (tableur)<span class="sr-only"> : ${table.title}</span></a>${extra.geojson && html`
· <a href="${link('geojson')}" download>GeoJSON (carte)<span class="sr-only"> : ${table.title}</span></a>`}</p>`;
}
