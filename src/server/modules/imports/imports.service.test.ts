import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { describeEachEngine, openTestDatabase, testKeyring } from '../../../../test/db.ts';
import { unseal } from '../../crypto/field-crypto.ts';
import { nik, runImport, tmpDir, writeCsv } from '../../../../test/import-helpers.ts';
import { createProgram } from '../programs/programs.service.ts';
import { systemActor } from '../access/actor.ts';
import { testContext } from '../../../../test/context.ts';
import { getWorkerDetail } from '../registry/registry.service.ts';
import { UnreadableFileError } from './file-reader.ts';
import { cleanupStaleImports, createImport, failInterruptedImports, finishImport, getImport, stageImport } from './imports.service.ts';
import { writeErrorReport } from './import-report.ts';

const HEADER = ['NIK', 'Nama', 'Tgl Lahir', 'Jenis Kelamin', 'Kode Desa', 'RT', 'RW', 'Pekerjaan', 'No HP', 'Desil'];
// 36.72.01.1001 is a kelurahan of Kecamatan Cibeber, Kota Cilegon.
const row = (n: number, over: Partial<Record<(typeof HEADER)[number], string>> = {}) => {
  const base: Record<string, string> = {
    NIK: nik(n),
    Nama: `Pekerja ${n}`,
    'Tgl Lahir': '12/03/1985',
    'Jenis Kelamin': 'L',
    'Kode Desa': '3672011001',
    RT: '1',
    RW: '2',
    Pekerjaan: 'Ojek',
    'No HP': '081234567890',
    Desil: '2',
  };
  return HEADER.map((h) => over[h] ?? base[h] ?? '');
};

/** The registry's rows with NIK and phone decrypted, in NIK order. */
async function workers(db: Database) {
  const keyring = testKeyring();
  const rows = await db.db.selectFrom('workers').selectAll().execute();
  return rows
    .map((w) => ({ ...w, nik: unseal(keyring, 'nik', w.nik_enc), phone: w.phone_enc === null ? null : unseal(keyring, 'phone', w.phone_enc) }))
    .sort((a, b) => (a.nik < b.nik ? -1 : 1));
}

async function report(db: Database, id: number): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeErrorReport(db, id, out);
  return Buffer.concat(chunks).toString('utf8');
}

describeEachEngine('import', (kind) => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await createProgram(testContext(db), systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' });
    dir = tmpDir();
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const reset = async () => {
    await sql`truncate workers, worker_history, changesets, consents cascade`.execute(db.db);
  };

  it('stages a large file the same on a worker thread as in process: rows, problems and progress', async () => {
    const people = Array.from({ length: 12_000 }, (_, i) => {
      const year = 1960 + Math.floor(i / 9999);
      return row(1, { NIK: nik((i % 9999) + 1, 'L', `${year}-03-12`), Nama: `Pekerja ${i}`, 'Tgl Lahir': `12/03/${year}` });
    });
    const file = writeCsv(dir, 'large.csv', [
      ['Daftar pekerja rentan Kota Cilegon'],
      HEADER,
      ...people.slice(0, 7000),
      row(1, { NIK: '3.67201E+15' }),
      row(1, { NIK: nik(9_999, 'L', '1990-01-01'), 'Tgl Lahir': '31/02/1980' }),
      [],
      ...people.slice(7000),
    ]);
    fs.appendFileSync(file, `${nik(9_998, 'P')},"Nama tanpa tanda kutip penutup,12/03/1985\r\n`);
    const staged = async (worker: boolean) => {
      const imp = await createImport(db, { programCode: '36.72', filePath: file, fileName: 'large.csv', source: 'DTSEN', actor: systemActor('test') });
      const progress: number[] = [];
      const result = await stageImport(db, testKeyring(), imp.id, { worker, onProgress: (n) => progress.push(n) });
      const rows = await sql<Record<string, unknown>>`select * from ${sql.id(`import_rows_${imp.id}`)} order by row_no`.execute(db.db);
      const errors = await sql<Record<string, unknown>>`select row_no, col, value, code from ${sql.id(`import_errors_${imp.id}`)} order by row_no, id`.execute(db.db);
      return { result, progress, rows: rows.rows, errors: errors.rows };
    };
    const inProcess = await staged(false);
    const onWorker = await staged(true);
    expect(inProcess.result).toEqual({ rows: 12_003, valid: 12_000, rejected: 3, duplicates: 0 });
    expect(inProcess.errors.map((e) => [e.row_no, e.code])).toEqual([
      [7003, 'NIK_EXCEL_SCIENTIFIC'],
      [7004, 'DATE_INVALID'],
      [12_006, 'CSV_QUOTES'],
    ]);
    // Progress after every 5,000 rows or so (at the end of the batch that passes the mark), and at the end.
    expect(inProcess.progress.at(-1)).toBe(12_003);
    expect(inProcess.progress.length).toBeGreaterThanOrEqual(3);
    expect(inProcess.progress).toEqual([...inProcess.progress].sort((a, b) => a - b));
    expect(onWorker.result).toEqual(inProcess.result);
    expect(onWorker.progress).toEqual(inProcess.progress);
    expect(onWorker.errors).toEqual(inProcess.errors);
    expect(onWorker.rows).toHaveLength(12_000);
    // Sealing under a block key is deterministic: the same rows, hashes and ciphertexts included.
    expect(onWorker.rows).toEqual(inProcess.rows);
  });

  it('imports a clean file, and importing it again changes nothing', async () => {
    await reset();
    const file = writeCsv(dir, 'clean.csv', [HEADER, row(1), row(2), row(3, { 'Jenis Kelamin': 'P', NIK: nik(3, 'P') })]);
    const first = await runImport(db, file);
    expect(first.counts).toMatchObject({ imported: 3, updated: 0, unchanged: 0, rejected: 0, committed: true });
    const ws = await workers(db);
    expect(ws.map((w) => [w.name, w.birth_date, w.sex, w.kelurahan_code, w.rt, w.rw, w.occupation_code, w.phone, w.desil])).toContainEqual([
      'Pekerja 1', '1985-03-12', 'L', '36.72.01.1001', '001', '002', 'OJEK', '081234567890', 2,
    ]);
    const again = await runImport(db, file);
    expect(again.counts).toMatchObject({ imported: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await db.db.selectFrom('worker_history').selectAll().execute()).toHaveLength(0);
  });

  it('reads every separator and encoding offices produce', async () => {
    await reset();
    const rows = [HEADER, row(11, { Nama: 'Siti Aisyah Müller' }), row(12)];
    const files = [
      writeCsv(dir, 'semicolon-1252.csv', rows, { delimiter: ';', encoding: 'windows-1252' }),
      writeCsv(dir, 'tab-utf16.txt', rows, { delimiter: '\t', encoding: 'utf-16le' }),
      writeCsv(dir, 'bom.csv', rows, { encoding: 'utf-8-bom', eol: '\n' }),
    ];
    const results = [];
    for (const f of files) results.push((await runImport(db, f)).counts);
    expect(results[0]).toMatchObject({ imported: 2, rejected: 0 });
    // The same people again: the name with an umlaut decoded the same way from each encoding.
    expect(results[1]).toMatchObject({ imported: 0, unchanged: 2, rejected: 0 });
    expect(results[2]).toMatchObject({ imported: 0, unchanged: 2, rejected: 0 });
    expect((await workers(db)).map((w) => w.name)).toContain('Siti Aisyah Müller');
  });

  it('accepts the usual date forms, Excel serials included', async () => {
    await reset();
    const dates = ['12/03/1985', '12-03-1985', '1985-03-12', '31118'];
    const file = writeCsv(dir, 'dates.csv', [HEADER, ...dates.map((d, i) => row(21 + i, { 'Tgl Lahir': d }))]);
    const r = await runImport(db, file);
    expect(r.counts).toMatchObject({ imported: 4, rejected: 0 });
    expect(new Set((await workers(db)).map((w) => w.birth_date))).toEqual(new Set(['1985-03-12']));
  });

  it('rejects NIKs that Excel mangled, saying what happened, and stores none of them', async () => {
    await reset();
    const file = writeCsv(dir, 'mangled.csv', [
      HEADER,
      row(31, { NIK: '3.67201E+15' }),
      row(32, { NIK: `${nik(32)}.0` }),
      row(33, { NIK: nik(33).slice(1) }),
      row(34),
    ]);
    const r = await runImport(db, file, { validOnly: true });
    expect(r.counts).toMatchObject({ imported: 1, rejected: 3 });
    const text = await report(db, r.id);
    const lines = text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('baris_row,kolom_column,nilai_value,kode_code,alasan,reason');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',') + ',' + l.split(',')[3])).toEqual([
      '2,NIK,NIK_EXCEL_SCIENTIFIC',
      '3,NIK,NIK_EXCEL_DECIMAL',
      '4,NIK,NIK_15_DIGITS',
    ]);
    expect(text).toMatch(/Teks|Text/);
    expect((await workers(db)).map((w) => w.nik)).toEqual([nik(34)]);
  });

  it('rejects a file whose NIKs lost their 16th digit to Excel', async () => {
    await reset();
    const rows = Array.from({ length: 12 }, (_, i) => row(100 + i, { NIK: nik(100 + i).slice(0, 15) + '0' }));
    const file = writeCsv(dir, 'truncated.csv', [HEADER, ...rows]);
    const r = await runImport(db, file, { validOnly: true });
    expect(r.counts.rejected).toBe(12);
    expect(await report(db, r.id)).toContain('NIK_EXCEL_TRUNCATED');
    expect(await workers(db)).toHaveLength(0);
  });

  it('commits nothing when a row is rejected, unless asked for the valid rows only', async () => {
    await reset();
    const file = writeCsv(dir, 'one-bad.csv', [HEADER, row(41), row(42, { Desil: '11' }), row(43)]);
    const strict = await runImport(db, file);
    expect(strict.counts).toMatchObject({ committed: false, rejected: 1, imported: 2 });
    expect(await workers(db)).toHaveLength(0);
    const lenient = await runImport(db, file, { validOnly: true });
    expect(lenient.counts).toMatchObject({ committed: true, rejected: 1, imported: 2 });
    expect((await workers(db)).map((w) => w.nik)).toEqual([nik(41), nik(43)]);
  });

  it('dry run counts new, updated, unchanged and rejected rows and writes nothing', async () => {
    await reset();
    await runImport(db, writeCsv(dir, 'base.csv', [HEADER, row(51), row(52)]));
    const file = writeCsv(dir, 'next.csv', [HEADER, row(51), row(52, { Desil: '1' }), row(53), row(54, { 'Tgl Lahir': '31/02/1985' })]);
    const r = await runImport(db, file, { dryRun: true });
    expect(r.counts).toMatchObject({ imported: 1, updated: 1, unchanged: 1, rejected: 1, committed: false });
    expect((await workers(db)).map((w) => w.desil)).toEqual([2, 2]);
  });

  it('merges duplicates inside a file: the later row wins, blanks are filled from earlier rows', async () => {
    await reset();
    const file = writeCsv(dir, 'dups.csv', [HEADER, row(61, { Desil: '3', 'No HP': '081111111111' }), row(61, { Desil: '1', 'No HP': '' })]);
    const r = await runImport(db, file);
    expect(r.staged.duplicates).toBe(1);
    expect(r.counts).toMatchObject({ imported: 1, rejected: 0 });
    const [w] = await workers(db);
    expect([w?.desil, w?.phone]).toEqual([1, '081111111111']);
  });

  it('lets sources win by field: DTSEN for desil, field agents for phone, with history and provenance', async () => {
    await reset();
    await runImport(db, writeCsv(dir, 'dtsen.csv', [HEADER, row(71, { Desil: '2', 'No HP': '081200000001' })]), { source: 'DTSEN' });
    const field = writeCsv(dir, 'field.csv', [HEADER, row(71, { Desil: '5', 'No HP': '081200000002', Nama: 'Nama Lain' })]);
    const r = await runImport(db, field, { source: 'LAPANGAN' });
    expect(r.counts).toMatchObject({ updated: 1 });
    const [w] = await workers(db);
    expect([w?.desil, w?.phone, w?.name]).toEqual([2, '081200000002', 'Pekerja 71']);
    const detail = await getWorkerDetail(testContext(db), systemActor('test'), w!.id);
    expect(detail.fields.find((f) => f.field === 'phone')).toMatchObject({ source: 'LAPANGAN', value: '0812••••0002', fileName: 'field.csv' });
    expect(detail.fields.find((f) => f.field === 'desil')).toMatchObject({ source: 'DTSEN', fileName: 'dtsen.csv' });
    // The history keeps masks: the numbers themselves are only in the worker's ciphertext.
    expect(detail.history).toEqual([expect.objectContaining({ field: 'phone', oldValue: '0812••••0001', newValue: '0812••••0002', source: 'LAPANGAN' })]);
  });

  it('warns when the NIK disagrees with the stated sex or birth date, without overwriting', async () => {
    await reset();
    const file = writeCsv(dir, 'mismatch.csv', [HEADER, row(81, { 'Jenis Kelamin': 'P', 'Tgl Lahir': '13/03/1985' })]);
    await runImport(db, file);
    const [w] = await workers(db);
    expect([w?.sex, w?.birth_date]).toEqual(['P', '1985-03-13']);
    expect(w?.warnings).toEqual(expect.arrayContaining(['NIK_SEX_MISMATCH', 'NIK_BIRTHDATE_MISMATCH']));
  });

  it('fills a new worker\'s missing sex and birth date from the NIK, never a stated one', async () => {
    await reset();
    await runImport(db, writeCsv(dir, 'stated.csv', [HEADER, row(121, { 'Tgl Lahir': '01/07/1984' })]));
    const bare = writeCsv(dir, 'bare.csv', [['NIK', 'Nama'], [nik(121), 'Pekerja 121'], [nik(122, 'P'), 'Baru']]);
    const r = await runImport(db, bare);
    expect(r.counts).toMatchObject({ imported: 1, updated: 0, unchanged: 1 });
    const [stated, fresh] = await workers(db);
    expect([stated?.birth_date, stated?.warnings]).toEqual(['1984-07-01', ['NIK_BIRTHDATE_MISMATCH']]);
    expect([fresh?.sex, fresh?.birth_date, fresh?.warnings]).toEqual(['P', '1985-03-12', ['SEX_FROM_NIK', 'BIRTH_DATE_FROM_NIK']]);
    expect(await db.db.selectFrom('worker_history').selectAll().execute()).toHaveLength(0);
  });

  it('leaves the registry as it was when the merge is interrupted', async () => {
    await reset();
    await runImport(db, writeCsv(dir, 'before.csv', [HEADER, row(91), row(92)]));
    const before = await workers(db);
    // A failure in the middle of the merge, after the updates and during the inserts.
    await sql.raw(`create or replace function fail_on_insert() returns trigger language plpgsql as $$
      begin if new.name = 'Putus' then raise exception 'interrupted'; end if; return new; end $$`).execute(db.db);
    await sql.raw(`create trigger fail_on_insert before insert on workers for each row execute function fail_on_insert()`).execute(db.db);
    try {
      const file = writeCsv(dir, 'interrupted.csv', [HEADER, row(91, { Desil: '9' }), row(93), row(94, { Nama: 'Putus' })]);
      await expect(runImport(db, file)).rejects.toThrow(/interrupted/);
    } finally {
      await sql.raw('drop trigger fail_on_insert on workers').execute(db.db);
    }
    expect(await workers(db)).toEqual(before);
    expect(await db.db.selectFrom('worker_history').selectAll().execute()).toHaveLength(0);
  });

  it('runs one step of an import at a time: a second commit is refused, the first one counts', async () => {
    await reset();
    const file = writeCsv(dir, 'race.csv', [HEADER, ...Array.from({ length: 50 }, (_, i) => row(400 + i))]);
    const imp = await createImport(db, { programCode: '36.72', filePath: file, fileName: 'race.csv', source: 'DTSEN', actor: systemActor('t') });
    await stageImport(db, testKeyring(), imp.id);
    const both = await Promise.allSettled([
      finishImport(db, imp.id, { dryRun: false, validOnly: false, actor: systemActor('t'), keys: testKeyring() }),
      finishImport(db, imp.id, { dryRun: false, validOnly: false, actor: systemActor('t'), keys: testKeyring() }),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: expect.stringMatching(/IMPORT_BUSY|IMPORT_ALREADY_COMMITTED/) } });
    const view = await getImport(db, imp.id);
    expect([view.status, view.counts?.imported]).toEqual(['committed', 50]);
    expect(await workers(db)).toHaveLength(50);
    await expect(stageImport(db, testKeyring(), imp.id)).rejects.toMatchObject({ code: 'IMPORT_ALREADY_COMMITTED' });
  });

  it('rejects a row whose quotes are unbalanced instead of swallowing the rows after it', async () => {
    await reset();
    const file = path.join(dir, 'quotes.csv');
    fs.writeFileSync(file, ['NIK,Nama,Tgl Lahir', `${nik(501)},"Ujang" Sutisna,12/03/1985`, `${nik(502)},Budi,12/03/1985`, `${nik(503)},Asep,12/03/1985`].join('\n') + '\n');
    const r = await runImport(db, file, { validOnly: true });
    expect(r.counts.rejected).toBeGreaterThan(0);
    expect(await report(db, r.id)).toContain('CSV_QUOTES');
    const names = (await workers(db)).map((w) => w.name);
    expect(names.some((n) => n.includes(nik(502)))).toBe(false);
  });

  it('finds the header below title rows and resolves kelurahan by name', async () => {
    await reset();
    const file = writeCsv(dir, 'titled.csv', [
      ['DATA PEKERJA RENTAN KELURAHAN KARANGASEM'],
      ['Tahun 2026'],
      [],
      ['No', 'NIK', 'Nama Lengkap', 'Kelurahan', 'Kecamatan', 'RT/RW', 'Desil'],
      ['1', nik(201), 'Ahmad', 'Karang Asem', 'Cibeber', '003/004', 'Desil 1'],
    ]);
    const r = await runImport(db, file);
    expect(r.counts).toMatchObject({ imported: 1, rejected: 0 });
    const [w] = await workers(db);
    expect([w?.kelurahan_code, w?.rt, w?.rw, w?.desil]).toEqual(['36.72.01.1005', '003', '004', 1]);
  });

  it('refuses files it cannot read at all, before writing anything', async () => {
    const xls = path.join(dir, 'old.xls');
    fs.writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    await expect(createImport(db, { programCode: '36.72', filePath: xls, fileName: 'old.xls', source: 'DTSEN', actor: systemActor('t') })).rejects.toThrow(UnreadableFileError);
    const noNik = writeCsv(dir, 'nonik.csv', [['Nama', 'Alamat'], ['A', 'B']]);
    await expect(runImport(db, noNik)).rejects.toMatchObject({ code: 'FILE_NO_NIK_COLUMN', messageEn: expect.stringContaining('Nama, Alamat') });
    // Without a header the first row is a person: the message must not repeat it.
    const headerless = writeCsv(dir, 'headerless.csv', [[nik(7), 'Siti Aminah', '081234567890']]);
    const err: Error = await runImport(db, headerless).then(
      () => new Error('imported'),
      (e: unknown) => e as Error,
    );
    expect(err.message).not.toContain(nik(7));
    expect(err.message).not.toContain('Siti');
    const nul = writeCsv(dir, 'nul.csv', [HEADER, row(8), row(9, { Nama: 'Rus\u0000ak' })]);
    const r = await runImport(db, nul, { validOnly: true });
    expect(r.counts).toMatchObject({ imported: 1, rejected: 1 });
    expect(await report(db, r.id)).toContain('CELL_CONTROL_CHARACTER');
    await expect(createImport(db, { programCode: '36.72', filePath: path.join(dir, 'missing.csv'), fileName: 'x', source: 'DTSEN', actor: systemActor('t') })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('reads XLSX: text NIKs pass, number NIKs and Excel dates are handled', async () => {
    await reset();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['NIK', 'Nama', 'Tanggal Lahir', 'Desil']);
    ws.addRow([nik(301), 'Teks', new Date(Date.UTC(1985, 2, 12)), 1]);
    ws.addRow([Number(nik(302)), 'Angka', new Date(Date.UTC(1985, 2, 12)), 2]);
    const file = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await runImport(db, file, { validOnly: true });
    expect(r.counts).toMatchObject({ imported: 1, rejected: 1 });
    expect(await report(db, r.id)).toContain('NIK_EXCEL_NUMBER');
    const [w] = await workers(db);
    expect([w?.name, w?.birth_date]).toEqual(['Teks', '1985-03-12']);
  });
});

describe('XLSX written by LibreOffice Calc (test/fixtures/README.md)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await createProgram(testContext(db), systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' });
  });
  afterAll(() => db.close());

  it('imports a workbook whose NIK column is text, with real date cells', async () => {
    const r = await runImport(db, path.resolve('test/fixtures/libreoffice-text-nik.xlsx'));
    expect(r.counts).toMatchObject({ imported: 8, rejected: 0 });
    const w = (await workers(db)).find((x) => x.name === 'Warga 2')!;
    expect([w.birth_date, w.sex, w.kelurahan_code, w.occupation_code, w.desil, w.phone]).toEqual([
      '1979-07-04', 'P', '36.72.03.1001', 'PEDAGANG', 3, '081234567802',
    ]);
  });

  it('rejects every NIK of a workbook where the spreadsheet turned NIKs into numbers', async () => {
    const r = await runImport(db, path.resolve('test/fixtures/libreoffice-numeric-nik.xlsx'), { dryRun: true });
    expect(r.counts).toMatchObject({ rejected: 8, imported: 0 });
    const text = await report(db, r.id);
    expect(text.match(/NIK_EXCEL_NUMBER/g)).toHaveLength(8);
  });
});

describe('housekeeping', () => {
  it('drops the staging tables and uploaded copies of imports older than a week', async () => {
    const db = await openTestDatabase('pglite');
    const dir = tmpDir();
    try {
      await createProgram(testContext(db), systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' });
      const uploads = path.join(dir, 'uploads');
      fs.mkdirSync(uploads);
      const file = writeCsv(uploads, 'old.csv', [['NIK', 'Nama'], [nik(1), 'Lama']]);
      const fresh = writeCsv(dir, 'fresh.csv', [['NIK', 'Nama'], [nik(2), 'Baru']]);
      const old = await runImport(db, file, { dryRun: true });
      const recent = await runImport(db, fresh, { dryRun: true });
      await db.db.updateTable('imports').set({ created_at: new Date(Date.now() - 8 * 86_400_000) }).where('id', '=', old.id).execute();
      expect(await cleanupStaleImports(db, uploads)).toBe(1);
      const tables = await sql<{ t: string }>`select tablename as t from pg_tables where tablename ~ '^import_(rows|errors)_' order by 1`.execute(db.db);
      expect(tables.rows.map((r) => r.t)).toEqual([`import_errors_${recent.id}`, `import_rows_${recent.id}`]);
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(fresh)).toBe(true);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('restart', () => {
  it('marks imports that were running when the process stopped as failed', async () => {
    const db = await openTestDatabase('pglite');
    const dir = tmpDir();
    try {
      await createProgram(testContext(db), systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' });
      const done = await runImport(db, writeCsv(dir, 'a.csv', [['NIK', 'Nama'], [nik(1), 'A']]));
      const running = await createImport(db, { programCode: '36.72', filePath: writeCsv(dir, 'b.csv', [['NIK', 'Nama'], [nik(2), 'B']]), fileName: 'b.csv', source: 'DTSEN', actor: systemActor('t') });
      await db.db.updateTable('imports').set({ status: 'committing' }).where('id', '=', running.id).execute();
      expect(await failInterruptedImports(db)).toBe(1);
      expect((await getImport(db, running.id)).status).toBe('failed');
      expect((await getImport(db, done.id)).status).toBe('committed');
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
