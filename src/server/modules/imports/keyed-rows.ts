// Reading a small file whose columns are found by their headers (a results file from BPJS TK, a
// bank statement): the first non-empty row is the header, each wanted column is found by its
// aliases (case, accents and punctuation ignored), and every later non-empty row comes with a way
// to read a column and to name it in a problem.
import { RowsRejected } from '../../domain-error.ts';
import { normalizeHeader } from './columns.ts';
import { readRows, sniff } from './file-reader.ts';
import type { Cell } from './values.ts';

export interface KeyedRow<K extends string> {
  row: number;
  cell(key: K): Cell;
  /** The header of the column as the file wrote it, for problems. */
  column(key: K): string;
}

export const cellText = (c: Cell): string => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim());

/**
 * The rows of `filePath`. `required` lists alternatives: each inner list needs at least one of its
 * columns present (e.g. [['nik'], ['kpj', 'status']]); otherwise the file is refused with `code`.
 */
export async function* readKeyedRows<K extends string>(
  filePath: string,
  aliases: Record<K, readonly string[]>,
  required: NoInfer<K>[][],
  code: string,
): AsyncGenerator<KeyedRow<K>> {
  let columns: Partial<Record<K, number>> | null = null;
  let headers: string[] = [];
  for await (const row of readRows(filePath, sniff(filePath))) {
    const cells = row.cells as Cell[];
    if (cells.every((c) => cellText(c) === '')) continue;
    if (!columns) {
      headers = cells.map(cellText);
      const found: Partial<Record<K, number>> = {};
      headers.forEach((h, i) => {
        const n = normalizeHeader(h);
        for (const key of Object.keys(aliases) as K[]) {
          if (found[key] === undefined && aliases[key].some((a) => normalizeHeader(a) === n)) found[key] = i;
        }
      });
      const missing = required.find((any) => any.every((k) => found[k] === undefined));
      if (missing) {
        const names = missing.map((k) => aliases[k][0]).join(' / ');
        throw new RowsRejected(code, [{ row: row.rowNumber, column: '-', value: '', id: `Kolom ${names} tidak ditemukan di baris judul`, en: `No ${names} column in the header row` }]);
      }
      columns = found;
      continue;
    }
    const at = columns;
    yield {
      row: row.rowNumber,
      cell: (k) => (at[k] === undefined ? null : cells[at[k]!]),
      column: (k) => (at[k] === undefined ? aliases[k][0]! : (headers[at[k]!] ?? k)),
    };
  }
  if (!columns) throw new RowsRejected(code, [{ row: 1, column: '-', value: '', id: 'Berkas tidak berisi baris judul', en: 'The file has no header row' }]);
}
