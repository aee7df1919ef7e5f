// NIK and phone numbers at rest and on the way out: never in plaintext in a table, found exactly
// by NIK, masked in lists, the worker page, exports and error reports, whole only when revealed.
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { describeEachEngine, openTestDatabase, testKeyring } from '../../../../test/db.ts';
import { testContext } from '../../../../test/context.ts';
import { nik, runImport, tmpDir, writeCsv } from '../../../../test/import-helpers.ts';
import { createImport, finishImport, stageImport } from '../imports/imports.service.ts';
import { previewErrors, writeErrorReport } from '../imports/import-report.ts';
import { createProgram } from '../programs/programs.service.ts';
import { systemActor } from '../access/actor.ts';
import { exportWorkers } from './registry-export.ts';
import { getWorkerDetail, listWorkers, revealWorkerIdentity } from './registry.service.ts';

const HEADER = ['NIK', 'Nama', 'Tgl Lahir', 'Kelurahan', 'Kecamatan', 'No HP', 'Desil'];
const phone = (n: number) => `0812${String(n).padStart(8, '0')}`;
const row = (n: number, over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    NIK: nik(n),
    Nama: `Warga ${n}`,
    'Tgl Lahir': '12/03/1985',
    Kelurahan: 'Karang Asem',
    Kecamatan: 'Cibeber',
    'No HP': phone(n),
    Desil: '2',
  };
  return HEADER.map((h) => over[h] ?? base[h] ?? '');
};

/** Every row of a table as PostgreSQL's text of the whole row. */
async function tableText(db: Database, table: string): Promise<string[]> {
  const r = await sql<{ t: string }>`select t::text as t from ${sql.id(table)} t`.execute(db.db);
  return r.rows.map((x) => x.t);
}

async function collect(write: (out: NodeJS.WritableStream) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

describeEachEngine('personal data', (kind) => {
  let db: Database;
  let dir: string;
  const people = [1, 2, 3, 4].map((n) => ({ n, nik: nik(n), phone: phone(n) }));
  // Identifiers the tables must never hold whole: the file's NIKs and phones, rejected ones too.
  const secrets = [...people.flatMap((p) => [p.nik, p.phone]), '9972011203850001', nik(7), phone(7), phone(8)];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await createProgram(testContext(db), systemActor('test'), { regionCode: '36.72', name: 'GEMET SEKUL' });
    dir = tmpDir();
    await runImport(db, writeCsv(dir, 'dtsen.csv', [HEADER, ...people.map((p) => row(p.n, { 'No HP': p.n === 4 ? '' : p.phone }))]));
    // A field registration changes a phone number: its history is written too.
    await runImport(db, writeCsv(dir, 'field.csv', [HEADER, row(1, { 'No HP': phone(8) })]), { source: 'LAPANGAN' });
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no NIK or phone number in plaintext in workers or their history', async () => {
    const rows = [...(await tableText(db, 'workers')), ...(await tableText(db, 'worker_history'))];
    expect(rows.length).toBeGreaterThan(4);
    for (const text of rows) {
      expect(text).not.toMatch(/\d{12,}/);
      for (const s of secrets) expect(text).not.toContain(s);
    }
    const history = await db.db.selectFrom('worker_history').select(['field', 'old_value', 'new_value']).execute();
    expect(history).toEqual([{ field: 'phone', old_value: '0812••••0001', new_value: '0812••••0008' }]);
    // The ciphertexts say which key made them; the hashes are the unique key.
    const w = await db.db.selectFrom('workers').select(['nik_enc', 'nik_hash', 'phone_enc', 'phone_mask']).execute();
    expect(w.every((x) => x.nik_enc.startsWith(`${testKeyring().currentId}:`))).toBe(true);
    expect(new Set(w.map((x) => x.nik_hash)).size).toBe(4);
    expect(w.map((x) => x.phone_mask).sort()).toEqual(['0812••••0002', '0812••••0003', '0812••••0008', null]);
  });

  it('stages and reports rejected rows without plaintext NIKs or phone numbers', async () => {
    const file = writeCsv(dir, 'mixed.csv', [
      HEADER,
      row(5),
      row(6, { NIK: '9972011203850001' }), // 16 digits, unknown province
      row(7, { NIK: `${nik(7)}.0` }), // Excel's decimal
      row(9, { NIK: '3.67201E+15' }), // Excel's scientific notation: no longer a NIK
      row(10, { 'No HP': `${phone(7)}99` }), // too long to be a phone number
      row(11, { Kelurahan: phone(8) }), // a phone number in a shifted column
    ]);
    const imp = await createImport(db, { programCode: '36.72', filePath: file, fileName: 'mixed.csv', source: 'DTSEN', actor: systemActor('test') });
    await stageImport(db, testKeyring(), imp.id);
    await finishImport(db, imp.id, { dryRun: true, validOnly: false, actor: systemActor('test'), keys: testKeyring() });
    const staged = await tableText(db, `import_rows_${imp.id}`);
    const errors = await tableText(db, `import_errors_${imp.id}`);
    expect(staged).toHaveLength(1);
    expect(errors.length).toBeGreaterThanOrEqual(5);
    for (const text of [...staged, ...errors]) {
      expect(text).not.toMatch(/\d{12,}/);
      for (const s of [...secrets, nik(5), phone(5)]) expect(text).not.toContain(s);
    }
    const report = (await collect((out) => writeErrorReport(db, imp.id, out))).toString('utf8');
    expect(report).toContain('3,NIK,9972••••••••0001,NIK_PROVINCE_UNKNOWN');
    expect(report).toContain(`4,NIK,3672•••••••••${nik(7).slice(-3)}0,NIK_EXCEL_DECIMAL`);
    expect(report).toContain('5,NIK,3.67201E+15,NIK_EXCEL_SCIENTIFIC');
    expect(report).toMatch(/6,No HP,0812••••••0799,PHONE_INVALID/);
    expect(report).toMatch(/7,Kelurahan,0812••••0008,KELURAHAN_NAME_UNKNOWN,[^\n]*"0812••••0008"/);
    expect((await previewErrors(db, imp.id)).map((e) => e.value)).toContain('9972••••••••0001');
  });

  it('rejects a file of Excel-truncated NIKs with the NIKs masked', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => row(100 + i, { NIK: nik(100 + i).slice(0, 15) + '0' }));
    const r = await runImport(db, writeCsv(dir, 'truncated.csv', [HEADER, ...rows]), { dryRun: true });
    expect(r.counts.rejected).toBe(12);
    const report = (await collect((out) => writeErrorReport(db, r.id, out))).toString('utf8');
    expect(report.match(/NIK_EXCEL_TRUNCATED/g)).toHaveLength(12);
    expect(report).toContain(`2,NIK,3672••••••••${nik(100).slice(12, 15)}0,NIK_EXCEL_TRUNCATED`);
    expect(report).not.toMatch(/\d{12,}/);
  });

  it('finds a worker exactly by the whole NIK; a part of a NIK searches names', async () => {
    const { id: programId } = await db.db.selectFrom('programs').select('id').executeTakeFirstOrThrow();
    const keyring = testKeyring();
    const found = await listWorkers({ database: db, keyring: keyring }, systemActor('test'), { programId, q: nik(3), limit: 50 });
    expect(found.items.map((w) => [w.name, w.nik])).toEqual([['Warga 3', maskedNik(3)]]);
    expect(found.total).toBe(1);
    const spaced = await listWorkers({ database: db, keyring: keyring }, systemActor('test'), { programId, q: `${nik(3).slice(0, 8)} ${nik(3).slice(8)}`, limit: 50 });
    expect(spaced.items.map((w) => w.name)).toEqual(['Warga 3']);
    expect((await listWorkers({ database: db, keyring: keyring }, systemActor('test'), { programId, q: nik(3).slice(0, 12), limit: 50 })).items).toEqual([]);
    expect((await listWorkers({ database: db, keyring: keyring }, systemActor('test'), { programId, q: nik(99), limit: 50 })).items).toEqual([]);
    const all = await listWorkers({ database: db, keyring: keyring }, systemActor('test'), { programId, limit: 2 });
    expect(all.items.every((w) => /^3672•{8}\d{4}$/.test(w.nik))).toBe(true);
    const next = await listWorkers({ database: db, keyring: keyring }, systemActor('test'), { programId, limit: 2, cursor: all.nextCursor ?? undefined });
    expect(new Set([...all.items, ...next.items].map((w) => w.id)).size).toBe(4);
  });

  it('shows the worker page masked, and reveals the whole NIK and phone on request', async () => {
    const { id } = await db.db.selectFrom('workers').select('id').where('name', '=', 'Warga 2').executeTakeFirstOrThrow();
    const detail = await getWorkerDetail(testContext(db), systemActor('test'), id);
    expect([detail.worker.nik, detail.worker.phone]).toEqual([maskedNik(2), '0812••••0002']);
    expect(detail.fields.find((f) => f.field === 'phone')?.value).toBe('0812••••0002');
    expect(JSON.stringify(detail)).not.toMatch(/\d{12,}/);
    expect(await revealWorkerIdentity(db.db, testKeyring(), id)).toEqual({ workerId: id, programId: detail.worker.programId, nik: nik(2), phone: phone(2) });
    const noPhone = await db.db.selectFrom('workers').select('id').where('name', '=', 'Warga 4').executeTakeFirstOrThrow();
    expect((await revealWorkerIdentity(db.db, testKeyring(), noPhone.id)).phone).toBeNull();
    await expect(revealWorkerIdentity(db.db, testKeyring(), 999_999)).rejects.toMatchObject({ code: 'WORKER_NOT_FOUND' });
  });

  it('exports masked values by default, whole ones only through the reveal hook', async () => {
    const csv = (await collect((out) => exportWorkers(db, testKeyring(), '36.72', 'csv', out))).toString('utf8');
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(csv).not.toMatch(/\d{12,}/);
    expect(lines.find((l) => l.includes('Warga 2'))).toMatch(new RegExp(`^${maskedNik(2)},Warga 2,.*,0812••••0002,`));

    const revealed: unknown[] = [];
    const whole = (await collect((out) => exportWorkers(db, testKeyring(), '36.72', 'csv', out, { reveal: { onReveal: (e) => void revealed.push(e) } }))).toString('utf8');
    expect(revealed).toEqual([{ programId: expect.any(Number), programCode: '36.72', format: 'csv' }]);
    expect(whole).toContain(`${nik(2)},Warga 2,`);
    expect(whole).toContain(phone(2));

    // A cell a spreadsheet would run as a formula is written as text.
    await db.db.updateTable('workers').set({ street: '=HYPERLINK("http://x.example","klik")' }).where('name', '=', 'Warga 3').execute();
    const formula = (await collect((out) => exportWorkers(db, testKeyring(), '36.72', 'csv', out))).toString('utf8');
    expect(formula).toContain(`"'=HYPERLINK(""http://x.example"",""klik"")"`);

    // A hook that refuses (the audit trail could not record the disclosure) stops the export.
    const refused = exportWorkers(db, testKeyring(), '36.72', 'csv', new PassThrough(), {
      reveal: {
        onReveal: () => {
          throw new Error('not recorded');
        },
      },
    });
    await expect(refused).rejects.toThrow('not recorded');

    const xlsxFile = `${dir}/out.xlsx`;
    await exportWorkers(db, testKeyring(), '36.72', 'xlsx', fs.createWriteStream(xlsxFile));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String).join('|');
    expect(cells).toContain(maskedNik(2));
    expect(cells).not.toMatch(/\d{12,}/);
  });

  it('re-importing the same file changes nothing: phone numbers are compared by their hashes', async () => {
    const file = writeCsv(dir, 'again.csv', [HEADER, row(2), row(3)]);
    const r = await runImport(db, file);
    expect(r.counts).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    const changed = await runImport(db, writeCsv(dir, 'new-phone.csv', [HEADER, row(2, { 'No HP': phone(9) })]), { source: 'LAPANGAN' });
    expect(changed.counts).toMatchObject({ updated: 1 });
    const { id } = await db.db.selectFrom('workers').select('id').where('name', '=', 'Warga 2').executeTakeFirstOrThrow();
    expect((await revealWorkerIdentity(db.db, testKeyring(), id)).phone).toBe(phone(9));
  });
});

function maskedNik(n: number): string {
  const v = nik(n);
  return `${v.slice(0, 4)}••••••••${v.slice(-4)}`;
}
