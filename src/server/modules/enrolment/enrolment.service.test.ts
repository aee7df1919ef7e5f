// Enrolment with BPJS TK on both engines: approved placements become a batch file in the
// programme's layout; the insurer's results file is checked whole, applied all or nothing, and
// applying it twice changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../context.ts';
import { describeEachEngine, openTestDatabase } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { errorCode } from '../../../../test/error-code.ts';
import { nik, tmpDir, writeCsv } from '../../../../test/import-helpers.ts';
import { BAGENDUNG, CIBEBER, committedPledge, seedPool, userActor, type Person } from '../../../../test/sponsorship.ts';
import { systemActor } from '../access/actor.ts';
import { decidePlacements, listPlacements, runAllocation } from '../allocation/allocation.service.ts';
import { createProgram } from '../programs/programs.service.ts';
import { createSponsor } from '../sponsors/sponsors.service.ts';
import { RowsRejected } from '../../domain-error.ts';
import { applyResults, createBatch, listBatches, setLayout, writeBatchFile } from './enrolment.service.ts';

const op = systemActor('test');
const PEOPLE: Person[] = [
  [11, 'Siti Aminah', '1985-03-12', CIBEBER, '1'],
  [12, 'Rudi Hartono', '1990-05-01', CIBEBER, '2'],
  [13, 'Wati Susanti', '1988-07-20', BAGENDUNG, '3'],
  [14, 'Yusuf Maulana', '1979-09-09', BAGENDUNG, '4'],
];

async function capture(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

async function problemsOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof RowsRejected) return e.problems.map((x) => [x.row, x.column, x.value, x.en]);
    throw e;
  }
  throw new Error('the results were applied');
}

describeEachEngine('enrolment', (kind) => {
  let ctx: AppContext;
  let dir: string;
  let programId: number;
  let pledgeId: number;
  let batchId: number;
  const admin = () => userActor('admin', programId);
  const insurer = () => userActor('insurer', programId);
  const statuses = async () => (await listPlacements(ctx, admin(), programId, { pledgeId })).items.map((p) => [p.workerName, p.status]).sort();

  beforeAll(async () => {
    ctx = testContext(await openTestDatabase(kind));
    dir = tmpDir();
    programId = (await createProgram(ctx, op, { regionCode: '36.72', name: 'GEMET SEKUL' })).id;
    await seedPool(ctx, dir, PEOPLE);
    const sponsor = (await createSponsor(ctx, op, { programId, kind: 'company', name: 'PT Baja Cibeber', addressKelurahan: CIBEBER })).id;
    pledgeId = await committedPledge(ctx, sponsor, { workers: 3, months: 6, start: '2026-12' });
    await runAllocation(ctx, op, programId, { asOf: '2026-11' });
    const proposed = (await listPlacements(ctx, admin(), programId, { status: 'proposed' })).items;
    await decidePlacements(ctx, admin(), programId, { ids: proposed.map((p) => p.id), decision: 'approve' });
  });
  afterAll(async () => {
    await ctx.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts approved placements into a batch whose file has whole NIKs in the default layout', async () => {
    expect(await errorCode(createBatch(ctx, insurer(), programId))).toBe('FORBIDDEN');
    const batch = await createBatch(ctx, admin(), programId);
    batchId = batch.id;
    expect(batch).toMatchObject({ placements: 3, accepted: 0, declined: 0, pending: 3 });
    expect(await errorCode(createBatch(ctx, admin(), programId))).toBe('ENROLMENT_NOTHING_APPROVED');

    const csv = (await capture((out) => writeBatchFile(ctx, insurer(), batchId, 'csv', out))).toString('utf8');
    const [header, ...rows] = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(header).toEqual([
      'NIK', 'NAMA_LENGKAP', 'TGL_LAHIR', 'JENIS_KELAMIN', 'ALAMAT', 'KODE_WILAYAH', 'KELURAHAN', 'KECAMATAN', 'PEKERJAAN', 'UPAH_DILAPORKAN',
      'PROGRAM', 'PERIODE_AWAL', 'PERIODE_AKHIR', 'JUMLAH_BULAN', 'KODE_KEPESERTAAN', 'SPONSOR', 'NO_REFERENSI',
    ]);
    const siti = rows.find((r) => r[1] === 'Siti Aminah')!;
    expect(siti[0]).toBe(nik(11, 'L', '1985-03-12'));
    expect(siti.slice(2, 4)).toEqual(['12-03-1985', 'L']);
    expect(siti.slice(6, 17)).toEqual(['Cibeber', 'Cibeber', expect.any(String), '1000000', 'JKK,JKM', '2026-12', '2027-05', '6', 'SC', 'PT Baja Cibeber', expect.stringMatching(/^SKT-\d+$/)]);
    expect(rows).toHaveLength(3);
    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'enrolment.download').execute();
    expect(audit).toEqual([{ action: 'enrolment.download', after: { format: 'csv', rows: 3 } }]);

    // XLSX: the NIK is a text cell, so Excel cannot round it.
    const xlsx = await capture((out) => writeBatchFile(ctx, admin(), batchId, 'xlsx', out));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('NIK');
    const niks = [2, 3, 4].map((r) => sheet.getRow(r).getCell(1).value);
    expect(niks.every((v) => typeof v === 'string' && /^\d{16}$/.test(v))).toBe(true);
    expect(await errorCode(writeBatchFile(ctx, userActor('sponsor', programId, 1), batchId, 'csv', new PassThrough()))).toBe('FORBIDDEN');
  });

  it('lets the programme set its own layout, and refuses one without a NIK', async () => {
    expect(await errorCode(setLayout(ctx, admin(), programId, { columns: [{ header: 'Nama', field: 'name' }] }))).toBe('FIELD_INVALID');
    expect(await errorCode(setLayout(ctx, insurer(), programId, { columns: [{ header: 'NIK', field: 'nik' }] }))).toBe('FORBIDDEN');
    const layout = await setLayout(ctx, admin(), programId, { dateFormat: 'YYYY-MM-DD', columns: [{ header: 'No KTP', field: 'nik' }, { header: 'Tanggal Lahir', field: 'birth_date' }] });
    expect(layout.columns).toHaveLength(2);
    // A batch keeps the layout it was made with.
    const csv = (await capture((out) => writeBatchFile(ctx, admin(), batchId, 'csv', out))).toString('utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^\uFEFF?NIK,NAMA_LENGKAP/);
  });

  it('refuses a results file with any problem, says which row and why, and changes nothing', async () => {
    const bad = writeCsv(dir, 'hasil-salah.csv', [
      ['NIK', 'Nomor KPJ', 'TMT', 'Status', 'Keterangan'],
      ['3.67201E+15', '12345678901', '01/12/2026', 'Diterima', ''],
      [nik(99), '12345678902', '01/12/2026', 'Diterima', ''],
      [nik(11, 'L', '1985-03-12'), '', '01/12/2026', 'Diterima', ''],
      [nik(12, 'L', '1990-05-01'), '', '', 'Ditolak', ''],
      [nik(13, 'L', '1988-07-20'), '12345678903', '31/02/2026', 'Diterima', ''],
      [nik(13, 'L', '1988-07-20'), '12345678903', '01/12/2026', 'Mungkin', ''],
    ]);
    const problems = await problemsOf(applyResults(ctx, insurer(), batchId, bad));
    expect(problems.map(([row, column]) => [row, column])).toEqual([
      [2, 'NIK'],
      [3, 'NIK'],
      [4, 'Nomor KPJ'],
      [5, 'Keterangan'],
      [6, 'TMT'],
      [7, 'Status'],
    ]);
    expect(problems[1]![3]).toBe('This NIK is not in this batch');
    // The NIK not in the batch is shown masked.
    expect(String(problems[1]![2])).toMatch(/^3672•+\d{4}$/);
    expect(await statuses()).toEqual([['Rudi Hartono', 'approved'], ['Siti Aminah', 'approved'], ['Wati Susanti', 'approved']]);
  });

  it('applies accepted and declined workers, and the same file twice changes nothing', async () => {
    const good = writeCsv(dir, 'hasil.csv', [
      ['NIK', 'No KPJ', 'TMT', 'Status', 'Keterangan'],
      [nik(11, 'L', '1985-03-12'), '12345678901', '01/12/2026', 'Diterima', ''],
      [nik(12, 'L', '1990-05-01'), '', '', 'Ditolak', 'Sudah terdaftar aktif di perusahaan lain'],
    ], { delimiter: ';' });
    expect(await applyResults(ctx, insurer(), batchId, good)).toEqual({ accepted: 1, declined: 1, unchanged: 0, pending: 1 });
    expect(await applyResults(ctx, insurer(), batchId, good)).toEqual({ accepted: 0, declined: 0, unchanged: 2, pending: 1 });
    expect(await statuses()).toEqual([['Rudi Hartono', 'declined'], ['Siti Aminah', 'enrolled'], ['Wati Susanti', 'approved']]);
    const siti = await ctx.database.db.selectFrom('placements as p').innerJoin('workers as w', 'w.id', 'p.worker_id').select(['p.kpj_number', 'p.enrolled_from', 'w.coverage_status']).where('w.name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    expect(siti).toEqual({ kpj_number: '12345678901', enrolled_from: '2026-12-01', coverage_status: 'covered' });
    // A different answer for someone already answered is refused.
    const flip = writeCsv(dir, 'hasil-beda.csv', [['NIK', 'No KPJ', 'Status', 'Keterangan'], [nik(12, 'L', '1990-05-01'), '99999999', 'Diterima', '']]);
    expect((await problemsOf(applyResults(ctx, insurer(), batchId, flip)))[0]![3]).toMatch(/different result is already recorded/);
    expect((await listBatches(ctx, insurer(), programId))[0]).toMatchObject({ accepted: 1, declined: 1, pending: 1 });
  });

  it('reads an XLSX results file with the KPJ as a number and the TMT as a date cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hasil');
    ws.addRow(['NIK', 'Nomor Peserta', 'Tanggal Mulai']);
    ws.addRow([nik(13, 'L', '1988-07-20'), 23456789012, new Date(Date.UTC(2026, 11, 1))]);
    const file = path.join(dir, 'hasil.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await applyResults(ctx, insurer(), batchId, file)).toEqual({ accepted: 1, declined: 0, unchanged: 0, pending: 0 });
  });

  it('sends a declined worker back to the pool, never to the same pledge', async () => {
    const run = await runAllocation(ctx, op, programId, { asOf: '2026-11' });
    const fresh = (await listPlacements(ctx, admin(), programId, { status: 'proposed' })).items;
    // The declined place is free again; Rudi is not proposed to it again, Yusuf (the last one waiting) is.
    expect(run.proposed).toBe(1);
    expect(fresh.map((p) => [p.pledgeId, p.workerName])).toEqual([[pledgeId, 'Yusuf Maulana']]);
  });
});
