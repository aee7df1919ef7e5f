// The error report of an import: every problem with the row a person sees in the spreadsheet,
// streamed out of the import's error table.
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { errorTable, streamErrors } from './imports.repository.ts';

/** The error report: one line per problem, with the row a person sees in the spreadsheet. */
export async function writeErrorReport(database: Database, id: number, out: NodeJS.WritableStream): Promise<number> {
  const csv = stringify({ header: true, bom: true, columns: ['baris_row', 'kolom_column', 'nilai_value', 'kode_code', 'alasan', 'reason'] });
  csv.pipe(out);
  let n = 0;
  const exists = await sql<{ t: string | null }>`select to_regclass(${errorTable(id)})::text as t`.execute(database.db);
  if (exists.rows[0]?.t) {
    for await (const batch of streamErrors(database.db, id)) {
      for (const e of batch) {
        n++;
        if (!csv.write([e.row_no, e.col, e.value ?? '', e.code, e.message_id, e.message_en])) await once(csv, 'drain');
      }
    }
  }
  csv.end();
  await once(csv, 'end');
  return n;
}

/** The first problems, for screens. */
export async function previewErrors(database: Database, id: number, limit = 100) {
  const exists = await sql<{ t: string | null }>`select to_regclass(${errorTable(id)})::text as t`.execute(database.db);
  if (!exists.rows[0]?.t) return [];
  for await (const batch of streamErrors(database.db, id, limit)) {
    return batch.map((e) => ({ row: e.row_no, column: e.col, value: e.value ?? '', code: e.code, reasonId: e.message_id, reasonEn: e.message_en }));
  }
  return [];
}

