import { once } from 'node:events';
import type { Writable } from 'node:stream';

export type Cell = string | number | null;

export interface ExportTable {
  /** File name without extension, ASCII. */
  name: string;
  /** Sheet name and the first CSV row's headings. */
  title: string;
  columns: string[];
  /** Rows page by page; each page is read from the database only when the previous is written. */
  pages: AsyncIterable<Cell[][]>;
}

/**
 * One CSV cell per RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.
 * Text starting with = + - @ gets a leading apostrophe so that a spreadsheet never runs it as a
 * formula (CSV injection); numbers are written as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: Cell[]): string {
  return row.map(csvCell).join(',') + '\r\n';
}

async function write(out: Writable, chunk: string): Promise<void> {
  // Respect backpressure, so a slow client holds the query loop instead of filling memory.
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Streams the table as UTF-8 CSV with a BOM (so Excel reads the Chinese) and CRLF lines. */
export async function writeCsv(table: ExportTable, out: Writable): Promise<number> {
  await write(out, '\uFEFF' + csvLine(table.columns));
  let count = 0;
  for await (const page of table.pages) {
    await write(out, page.map(csvLine).join(''));
    count += page.length;
  }
  out.end();
  return count;
}

/** Streams the table as XLSX through exceljs's WorkbookWriter: rows are committed as they come. */
export async function writeXlsx(table: ExportTable, out: Writable): Promise<number> {
  // Loaded on the first XLSX export, not at start: exceljs adds ~20 MB to every server's RSS, and
  // the 100,000-row export target (< 200 MB) counts the idle server too.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(table.title);
  sheet.addRow(table.columns).commit();
  let count = 0;
  for await (const page of table.pages) {
    for (const row of page) sheet.addRow(row).commit();
    count += page.length;
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
