// Writes a program's registry out as CSV or XLSX, one row per worker, header first, streaming.
// NIK and phone number are masked unless the caller asks for them whole (and records it).
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/database.ts';
import { unseal } from '../../crypto/field-crypto.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { spreadsheetSafe } from '../../spreadsheet.ts';
import { maskNik } from './masks.ts';
import { streamWorkers } from './registry.repository.ts';

export const EXPORT_COLUMNS = [
  ['nik', 'NIK'], ['name', 'NAMA'], ['birth_date', 'TGL_LAHIR'], ['sex', 'JENIS_KELAMIN'], ['kelurahan_code', 'KODE_DESA'],
  ['kelurahan_name', 'NAMA_DESA'], ['kecamatan_name', 'KECAMATAN'], ['rt', 'RT'], ['rw', 'RW'], ['street', 'ALAMAT'],
  ['occupation_code', 'KODE_PEKERJAAN'], ['occupation_text', 'PEKERJAAN'], ['phone', 'NO_HP'], ['desil', 'DESIL'],
  ['kk_number', 'NO_KK'], ['kpj_number', 'NO_KPJ'], ['bpjs_status', 'STATUS_BPJS'], ['coverage_status', 'STATUS_PERLINDUNGAN'],
] as const;

type Row = Record<(typeof EXPORT_COLUMNS)[number][0], string | number | null>;
type Stored = Omit<Row, 'nik' | 'phone'> & { nik_enc: string; phone_enc: string | null; phone_mask: string | null };

export interface RevealedExport {
  programId: number;
  programCode: string;
  format: 'csv' | 'xlsx';
}

export interface ExportOptions {
  /**
   * Whole NIKs and phone numbers instead of masks. `onReveal` runs before anything is written, so
   * the caller can record who exported what first; when it throws, nothing is exported.
   */
  reveal?: { onReveal: (e: RevealedExport) => Promise<void> | void };
}

export async function exportWorkers(
  database: Database,
  keyring: Keyring,
  programCode: string,
  format: 'csv' | 'xlsx',
  out: NodeJS.WritableStream,
  opts: ExportOptions = {},
): Promise<number> {
  const program = await requireProgram(database.db, programCode);
  if (opts.reveal) await opts.reveal.onReveal({ programId: program.id, programCode: program.regionCode, format });
  const whole = Boolean(opts.reveal);
  let n = 0;
  const values = (s: Stored) => {
    const nik = unseal(keyring, 'nik', s.nik_enc);
    const w: Row = {
      ...s,
      nik: whole ? nik : maskNik(nik),
      phone: whole ? (s.phone_enc === null ? null : unseal(keyring, 'phone', s.phone_enc)) : s.phone_mask,
    };
    // A name or street that starts with '=' is written as text, never run as a formula.
    return EXPORT_COLUMNS.map(([k]) => spreadsheetSafe(w[k] ?? ''));
  };
  if (format === 'csv') {
    const csv = stringify({ header: true, columns: EXPORT_COLUMNS.map(([, h]) => h) });
    csv.pipe(out);
    for await (const batch of streamWorkers(database.db, program.id)) {
      for (const w of batch) {
        n++;
        if (!csv.write(values(w as unknown as Stored))) await once(csv, 'drain');
      }
    }
    csv.end();
    // pipe() ends a file stream, never process.stdout: there the CSV's own end is what to wait for
    // (waiting for stdout's 'finish' left the command hanging until Node gave up on it).
    await (out === process.stdout ? once(csv, 'end') : once(out, 'finish')).catch(() => {});
    return n;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Writable, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Pekerja');
  ws.addRow(EXPORT_COLUMNS.map(([, h]) => h)).commit();
  for await (const batch of streamWorkers(database.db, program.id)) {
    for (const w of batch) {
      n++;
      // NIK, KK and phone stay text so that Excel does not round them (15 significant digits).
      ws.addRow(values(w as unknown as Stored).map((v) => (typeof v === 'number' ? v : String(v)))).commit();
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}
