// Owns the files of the observatory's tables: CSV (UTF-8 with a BOM, `;`, CRLF, decimal comma, text
// guarded against formulas by csvCell: what a French spreadsheet opens as is) and XLSX (exceljs,
// decision 025: one sheet per table, numbers as numbers, plus a sheet with the method and the
// sources). An absent number is written as its reason (« Non publié (secret statistique) »),
// never as 0 nor as an empty cell that a sum would read as 0.
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { csvCell } from '../../lieux/import/report.ts';
import { absentLabel } from './measures.ts';
import { cellText, type Cell, type DataTable } from './tables.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const isExportFormat = (v: string): v is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(v);

/** What every file carries besides its tables: the method's notice and version, the sources. */
export type ExportContext = { title: string; lines: string[] };

/** A number for a spreadsheet: up to 6 decimals, decimal comma, no grouping. */
function csvNumber(n: number): string {
  const rounded = Math.round(n * 1e6) / 1e6;
  return String(Object.is(rounded, -0) ? 0 : rounded).replace('.', ',');
}

function csvValue(cell: Cell): string {
  if (cell !== null && typeof cell === 'object' && 'number' in cell) return cell.number === null ? absentLabel(cell.missing) : csvNumber(cell.number);
  return cellText(cell);
}

export function tableCsv(table: DataTable): string {
  const line = (cells: string[]) => `${cells.map(csvCell).join(';')}\r\n`;
  let out = `\uFEFF${line(table.columns.map((c) => c.header))}`;
  for (const row of table.rows) out += line(row.map(csvValue));
  return out;
}

const sheetName = (title: string, taken: Set<string>) => {
  // Excel: 31 characters at most, none of : \ / ? * [ ], unique.
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 28).trim() || 'Tableau';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 26)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
};

export async function tablesXlsx(tables: readonly DataTable[], context: ExportContext): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Passerelle';
  workbook.title = context.title;
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.sheet, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? Math.min(60, Math.max(10, c.header.length + 2)) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(row.map((cell) => {
        if (cell !== null && typeof cell === 'object' && 'number' in cell) return cell.number === null ? absentLabel(cell.missing) : cell.number;
        if (cell !== null && typeof cell === 'object' && 'text' in cell) return cell.text;
        return cell === '' ? null : cell;
      }));
      row.forEach((cell, i) => {
        if (cell !== null && typeof cell === 'object' && 'number' in cell && cell.number !== null) {
          const digits = cell.digits ?? 0;
          added.getCell(i + 1).numFmt = digits > 0 ? `# ##0.${'0'.repeat(digits)}` : '# ##0';
        }
      });
    }
  }
  const about = workbook.addWorksheet('Méthode et sources');
  about.columns = [{ header: context.title, width: 120 }];
  about.getRow(1).font = { bold: true };
  for (const line of context.lines) about.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends one table as CSV, or every table given as one workbook. */
export async function sendTables(reply: FastifyReply, format: ExportFormat, tables: readonly DataTable[], fileBase: string, context: ExportContext): Promise<FastifyReply> {
  const safeBase = fileBase.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'observatoire';
  if (format === 'csv') {
    const table = tables[0]!;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${safeBase}-${table.id}.csv"`)
      .send(tableCsv(table));
  }
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${safeBase}.xlsx"`)
    .send(await tablesXlsx(tables, context));
}
