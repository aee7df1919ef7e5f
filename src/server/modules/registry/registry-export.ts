// Writes a program's registry out as CSV or XLSX, one row per worker, header first, streaming.
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/database.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { streamWorkers } from './registry.repository.ts';

export const EXPORT_COLUMNS = [
  ['nik', 'NIK'], ['name', 'NAMA'], ['birth_date', 'TGL_LAHIR'], ['sex', 'JENIS_KELAMIN'], ['kelurahan_code', 'KODE_DESA'],
  ['kelurahan_name', 'NAMA_DESA'], ['kecamatan_name', 'KECAMATAN'], ['rt', 'RT'], ['rw', 'RW'], ['street', 'ALAMAT'],
  ['occupation_code', 'KODE_PEKERJAAN'], ['occupation_text', 'PEKERJAAN'], ['phone', 'NO_HP'], ['desil', 'DESIL'],
  ['kk_number', 'NO_KK'], ['kpj_number', 'NO_KPJ'], ['bpjs_status', 'STATUS_BPJS'], ['coverage_status', 'STATUS_PERLINDUNGAN'],
] as const;

type Row = Record<(typeof EXPORT_COLUMNS)[number][0], string | number | null>;

export async function exportWorkers(database: Database, programCode: string, format: 'csv' | 'xlsx', out: NodeJS.WritableStream): Promise<number> {
  const program = await requireProgram(database.db, programCode);
  let n = 0;
  const values = (w: Row) => EXPORT_COLUMNS.map(([k]) => w[k] ?? '');
  if (format === 'csv') {
    const csv = stringify({ header: true, columns: EXPORT_COLUMNS.map(([, h]) => h) });
    csv.pipe(out);
    for await (const batch of streamWorkers(database.db, program.id)) {
      for (const w of batch) {
        n++;
        if (!csv.write(values(w as unknown as Row))) await once(csv, 'drain');
      }
    }
    csv.end();
    await once(out, 'finish').catch(() => {});
    return n;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Writable, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Pekerja');
  ws.addRow(EXPORT_COLUMNS.map(([, h]) => h)).commit();
  for await (const batch of streamWorkers(database.db, program.id)) {
    for (const w of batch) {
      n++;
      // NIK, KK and phone stay text so that Excel does not round them (15 significant digits).
      ws.addRow(values(w as unknown as Row).map((v) => (typeof v === 'number' ? v : String(v)))).commit();
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}
