// Reads the spreadsheets offices produce, as a stream of rows: CSV in any of the usual encodings
// and separators, or the first worksheet of an XLSX workbook. Knows nothing of workers.
import fs from 'node:fs';

import iconv from 'iconv-lite';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';

export type RawCell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number a person sees in a spreadsheet program (the first line of the file is 1). */
  rowNumber: number;
  cells: RawCell[];
  /** Set when the row could not be split into cells reliably (unbalanced quotes). */
  broken?: boolean;
}

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface SheetInfo {
  format: FileFormat;
  encoding: TextEncoding | null;
  delimiter: string | null;
}

/** The file cannot be read at all (exit code 2 in the CLI): a message in both languages. */
export class UnreadableFileError extends Error {
  constructor(
    readonly code: string,
    readonly messageId: string,
    readonly messageEn: string,
  ) {
    super(`${messageId} / ${messageEn}`);
  }
}

const SNIFF_BYTES = 64 * 1024;

function head(path: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    throw new UnreadableFileError('FILE_NOT_FOUND', 'Berkas tidak ditemukan atau tidak bisa dibuka', 'File not found or cannot be opened');
  }
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export function detectEncoding(buf: Buffer): TextEncoding {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  // UTF-16 without a byte-order mark: ASCII text leaves every other byte zero.
  const sample = buf.subarray(0, Math.min(buf.length, 4096));
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 ? zeroOdd++ : zeroEven++);
  if (zeroOdd > sample.length / 4) return 'utf-16le';
  if (zeroEven > sample.length / 4) return 'utf-16be';
  // Valid UTF-8 (ignoring a sequence cut at the end of the sample) is UTF-8; anything else is the
  // Windows code page that Indonesian-locale Excel writes.
  const cut = buf.length === SNIFF_BYTES ? Math.max(0, buf.length - 4) : buf.length;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, lastCharBoundary(buf, cut)));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function lastCharBoundary(buf: Buffer, end: number): number {
  let i = end;
  while (i > 0 && i > end - 4 && ((buf[i] ?? 0) & 0xc0) === 0x80) i--;
  return i;
}

/**
 * The separator: the most frequent of , ; tab and | outside quotes on the busiest of the first
 * lines (a title line above the header may have none).
 */
export function detectDelimiter(firstLines: string): string {
  const candidates = [',', ';', '\t', '|'];
  const best: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  for (const line of firstLines.split(/\r?\n/).slice(0, 30)) {
    const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
    }
    for (const d of candidates) best[d] = Math.max(best[d] ?? 0, counts[d] ?? 0);
  }
  let winner = ',';
  for (const d of candidates) if ((best[d] ?? 0) > (best[winner] ?? 0)) winner = d;
  return winner;
}

export function sniff(path: string): SheetInfo {
  const buf = head(path);
  if (buf.length === 0) throw new UnreadableFileError('FILE_EMPTY', 'Berkas kosong', 'The file is empty');
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    return { format: 'xlsx', encoding: null, delimiter: null };
  }
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    throw new UnreadableFileError(
      'FILE_XLS_OLD',
      'Format XLS lama (Excel 97-2003) tidak didukung: simpan ulang sebagai XLSX atau CSV',
      'The old XLS format (Excel 97-2003) is not supported: save the file again as XLSX or CSV',
    );
  }
  if (buf[0] === 0x25 && buf[1] === 0x50 && buf[2] === 0x44 && buf[3] === 0x46) {
    throw new UnreadableFileError('FILE_PDF', 'Berkas PDF tidak bisa diimpor: gunakan CSV atau XLSX', 'A PDF cannot be imported: use CSV or XLSX');
  }
  const encoding = detectEncoding(buf);
  const text = iconv.decode(buf, encoding);
  // Binary files that are none of the above: control characters other than tab and line ends.
  const controls = (text.slice(0, 4096).match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (controls > 8) {
    throw new UnreadableFileError('FILE_NOT_TABULAR', 'Berkas bukan CSV atau XLSX', 'The file is neither CSV nor XLSX');
  }
  return { format: 'csv', encoding, delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')) };
}

/** All rows of the file, streamed. */
export async function* readRows(path: string, info: SheetInfo): AsyncGenerator<SheetRow> {
  for await (const batch of readRowBatches(path, info)) yield* batch;
}

/**
 * All rows of the file, streamed in batches of up to a few thousand: what a bulk import reads, so
 * that it awaits once per batch rather than once per row.
 */
export async function* readRowBatches(path: string, info: SheetInfo): AsyncGenerator<SheetRow[]> {
  if (info.format === 'xlsx') yield* batched(readXlsx(path), 1000);
  else yield* readCsv(path, info.encoding ?? 'utf-8', info.delimiter ?? ',');
}

async function* batched<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * CSV through PapaParse in chunk mode (about four times faster than a row-by-row object stream
 * here), with a bounded queue: the parser pauses while the consumer is behind.
 */
async function* readCsv(path: string, encoding: TextEncoding, delimiter: string): AsyncGenerator<SheetRow[]> {
  const file = fs.createReadStream(path, { highWaterMark: 1 << 18 });
  const input = file.pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  const HIGH_WATER = 5_000;
  const queue: { cells: string[]; broken: boolean }[] = [];
  let done = false;
  let failure: Error | undefined;
  let parser: Papa.Parser | undefined;
  let paused = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  Papa.parse<string[]>(input as unknown as NodeJS.ReadableStream, {
    delimiter,
    skipEmptyLines: false,
    chunk: (results, p) => {
      parser = p;
      // A stray quote makes the parser swallow the following lines into one cell: such rows
      // are marked, never taken as they are.
      const broken = new Set(results.errors.filter((e) => e.type === 'Quotes').map((e) => e.row));
      results.data.forEach((cells, i) => queue.push({ cells, broken: broken.has(i) }));
      if (queue.length > HIGH_WATER && !paused) {
        paused = true;
        // The parser's own pause stops parsing but not the file: pause the stream as well.
        p.pause();
        input.pause();
      }
      signal();
    },
    complete: () => {
      done = true;
      signal();
    },
    error: (e: Error) => {
      failure = e;
      signal();
    },
  });
  input.on('error', (e: Error) => {
    failure = e;
    signal();
  });
  let rowNumber = 0;
  try {
    for (;;) {
      if (failure) {
        throw new UnreadableFileError(
          'FILE_CSV_BROKEN',
          `CSV rusak setelah baris ${rowNumber}: ${failure.message}`,
          `The CSV is broken after row ${rowNumber}: ${failure.message}`,
        );
      }
      if (queue.length > 0) {
        // Take the whole queue at once: shifting one row at a time would be quadratic.
        const batch = queue.splice(0, queue.length);
        if (paused) {
          paused = false;
          parser?.resume();
          input.resume();
        }
        const rows = new Array<SheetRow>(batch.length);
        for (let i = 0; i < batch.length; i++) {
          const row = batch[i]!;
          rowNumber++;
          rows[i] = row.broken ? { rowNumber, cells: row.cells, broken: true } : { rowNumber, cells: row.cells };
        }
        yield rows;
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // A reader that stops early (the header scan) must not leave the file streaming.
    if (!done) {
      parser?.abort();
      file.destroy();
    }
  }
}

type ExcelValue = ExcelJS.CellValue;

/** Plain values from what ExcelJS gives for a cell (rich text, formulas, hyperlinks, errors). */
function plainCell(v: ExcelValue | undefined): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return plainCell(v.result as ExcelValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return String(v);
}

async function* readXlsx(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as ExcelValue[];
        // ExcelJS arrays are 1-based: index 0 is empty.
        const cells: RawCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        yield { rowNumber: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    throw new UnreadableFileError(
      'FILE_XLSX_BROKEN',
      `Berkas XLSX rusak atau tidak bisa dibaca: ${(e as Error).message}`,
      `The XLSX file is damaged or unreadable: ${(e as Error).message}`,
    );
  }
}
