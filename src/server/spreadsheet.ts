// Writing tables people open in a spreadsheet program: CSV or XLSX, every cell text so that Excel
// neither rounds a NIK (15 significant digits) nor runs a name that starts with '=' as a formula.
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written as text. */
export function spreadsheetSafe(v: string | number): string | number {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export type SheetFormat = 'csv' | 'xlsx';

export const SHEET_CONTENT_TYPE: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Writes a header and rows (already in memory) to `out` and ends it. */
export async function writeSheet(format: SheetFormat, sheetName: string, header: string[], rows: (string | number)[][], out: Writable): Promise<void> {
  const safe = (r: (string | number)[]) => r.map(spreadsheetSafe);
  if (format === 'csv') {
    const csv = stringify({ bom: true });
    csv.pipe(out);
    csv.write(header);
    for (const r of rows) if (!csv.write(safe(r))) await once(csv, 'drain');
    csv.end();
    await once(out, 'finish');
    return;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header).commit();
  for (const r of rows) {
    const row = ws.addRow(safe(r).map((v) => (typeof v === 'number' ? v : String(v))));
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') cell.numFmt = '@';
    });
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

/** writeSheet into memory, for tables small enough to answer in one response. */
export async function sheetBuffer(format: SheetFormat, sheetName: string, header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeSheet(format, sheetName, header, rows, out);
  return Buffer.concat(chunks);
}
