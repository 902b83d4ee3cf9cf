import type { Response } from 'express';
import { writeCsv, writeXlsx, type ExportTable } from './table-writers';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Streams a table as a CSV or XLSX download, never cached. */
export async function sendTable(
  table: ExportTable,
  format: 'csv' | 'xlsx',
  res: Response,
  file = `${table.name}.${format}`,
): Promise<void> {
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
  res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    if (format === 'csv') await writeCsv(table, res);
    else await writeXlsx(table, res);
  } catch (err) {
    // Rows are already on the wire: cut the connection so a truncated file is never taken as whole.
    if (res.headersSent) res.destroy(err as Error);
    else throw err;
  }
}
