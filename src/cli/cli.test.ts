// The CLI contract operators and acceptance checks rely on: arguments, last line, exit codes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPgDatabase } from '../../test/db.ts';
import { nik, tmpDir, writeCsv } from '../../test/import-helpers.ts';

const BIN = path.resolve('bin/sekitar.js');

function sekitar(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, SEKITAR_LOG_LEVEL: 'silent' } });
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const lastLine = (s: string) => s.trim().split('\n').at(-1);

const HEADER = ['NIK', 'Nama', 'Tanggal Lahir', 'Desil'];

describe('sekitar CLI on PostgreSQL (DATABASE_URL)', () => {
  let env: Record<string, string>;
  let dir: string;
  beforeAll(async () => {
    // The database is cloned from the test template: the keys it was prepared with, inline.
    env = { DATABASE_URL: await createPgDatabase(), SEKITAR_DATA: tmpDir(), SEKITAR_KEYS: inject('testKeys') };
    dir = tmpDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a program, imports, re-imports, reports rejections and exports', async () => {
    const created = await sekitar(['program', 'create', '--region', '36.72', '--name', 'GEMET SEKUL'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Kota Cilegon');
    expect((await sekitar(['program', 'create', '--region', '36.72', '--name', 'Lagi'], env)).code).toBe(2);

    const good = writeCsv(dir, 'good.csv', [HEADER, [nik(1), 'Asep', '12/03/1985', '1'], [nik(2), 'Iis', '12/03/1985', '2']]);
    const first = await sekitar(['import', good, '--program', '36.72', '--source', 'DTSEN'], env);
    expect([first.code, lastLine(first.stdout)]).toEqual([0, 'imported 2, updated 0, unchanged 0, rejected 0']);
    const again = await sekitar(['import', good, '--program', '36.72'], env);
    expect([again.code, lastLine(again.stdout)]).toEqual([0, 'imported 0, updated 0, unchanged 2, rejected 0']);

    const mixed = writeCsv(dir, 'mixed.csv', [HEADER, [nik(3), 'Ujang', '12/03/1985', '1'], ['3.67201E+15', 'Rusak', '12/03/1985', '1'], [nik(1), 'Asep', '12/03/1985', '3']]);
    const reportPath = path.join(dir, 'errors.csv');
    const dry = await sekitar(['import', mixed, '--program', '36.72', '--dry-run', '--report', reportPath], env);
    expect([dry.code, lastLine(dry.stdout)]).toEqual([1, 'imported 1, updated 1, unchanged 0, rejected 1']);
    const report = fs.readFileSync(reportPath, 'utf8');
    expect(report).toContain('3,NIK,3.67201E+15,NIK_EXCEL_SCIENTIFIC');
    expect(dry.stderr).toContain('baris/rows');

    const strict = await sekitar(['import', mixed, '--program', '36.72'], env);
    expect([strict.code, lastLine(strict.stdout)]).toEqual([1, 'imported 0, updated 0, unchanged 0, rejected 1']);
    const lenient = await sekitar(['import', mixed, '--program', '36.72', '--valid-only'], env);
    expect([lenient.code, lastLine(lenient.stdout)]).toEqual([1, 'imported 1, updated 1, unchanged 0, rejected 1']);

    const csvOut = path.join(dir, 'out.csv');
    const exported = await sekitar(['export', 'workers', '--program', '36.72', '--format', 'csv', '--output', csvOut], env);
    expect(exported.code).toBe(0);
    const lines = fs.readFileSync(csvOut, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^NIK,NAMA,TGL_LAHIR/);
    const masked = (n: string) => `${n.slice(0, 4)}••••••••${n.slice(-4)}`;
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual([nik(1), nik(2), nik(3)].map(masked).sort());
    expect(exported.stderr).not.toMatch(/utuh|whole/);

    const revealed = await sekitar(['export', 'workers', '--program', '36.72', '--reveal'], env);
    expect(revealed.code).toBe(0);
    expect(revealed.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0]).sort()).toEqual([nik(1), nik(2), nik(3)].sort());
    expect(revealed.stderr).toContain('whole NIKs and phone numbers are exported');
    // Keys given inline cannot be rotated from here.
    const inline = await sekitar(['keys', 'rotate'], env);
    expect(inline.code).toBe(2);
    expect(inline.stderr).toMatch(/SEKITAR_KEYS/);

    const xlsxOut = path.join(dir, 'out.xlsx');
    expect((await sekitar(['export', 'workers', '--program', '36.72', '--format', 'xlsx', '--output', xlsxOut], env)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxOut);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    // NIKs stay text in the workbook, so Excel cannot round them; masked here too.
    expect(sheet.getRow(2).getCell(1).value).toMatch(/^3672•{8}\d{4}$/);
  });

  it('creates users, verifies the audit chain, and detects a row changed behind its back', async () => {
    // Runs after the first test: the program and its imports are there, with their audit entries.
    const made = await sekitar(['user', 'create', '--role', 'admin', '--program', '36.72', '--email', 'Admin@Cilegon.go.id'], env);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Kata sandi sementara \/ temporary password: \w{4}-\w{4}-\w{4}-\w{4}/);
    const bad = await sekitar(['user', 'create', '--role', 'agent', '--program', '36.72', '--email', 'agen@x.id'], env);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('ROLE_KELURAHAN_REQUIRED')]);

    const intact = await sekitar(['audit', 'verify'], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/audit trail intact: \d+ catatan\/entries/);

    // Someone with the database owner's rights switches the guard off and edits history.
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await expect(client.query(`UPDATE audit_log SET actor = 'system:other' WHERE id = 2`)).rejects.toThrow(/append-only/);
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await client.query(`UPDATE audit_log SET actor = 'system:other' WHERE id = 2`);
    } finally {
      await client.end();
    }
    const broken = await sekitar(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Audit trail BROKEN at entry #2 (content changed)');
  });

  it('answers a data-subject request: export, correct and erase by NIK, the NIK read from stdin', async () => {
    const exported = await sekitar(['subject', 'export', '--program', '36.72', '--nik', '-'], env, `${nik(2)}\n`);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).person).toMatchObject({ nik: nik(2), name: 'Iis' });
    const corrected = await sekitar(['subject', 'correct', '--program', '36.72', '--nik', nik(2), '--set', 'name=Iis Sumiati', 'street=Jl. Melati 2'], env);
    expect([corrected.code, corrected.stdout.trim()]).toEqual([0, 'Diperbaiki / corrected: name, street']);
    const unknownField = await sekitar(['subject', 'correct', '--program', '36.72', '--nik', nik(2), '--set', 'nik=1'], env);
    expect([unknownField.code, unknownField.stderr]).toEqual([2, expect.stringContaining('FIELD_INVALID')]);
    const erased = await sekitar(['subject', 'erase', '--program', '36.72', '--nik', '-', '--mode', 'erase', '--reason', 'surat permohonan 3/2026'], env, nik(2));
    expect([erased.code, erased.stdout.trim()]).toEqual([0, 'Data dihapus / data erased']);
    const gone = await sekitar(['subject', 'export', '--program', '36.72', '--nik', nik(2)], env);
    expect([gone.code, gone.stderr]).toEqual([2, expect.stringContaining('SUBJECT_NOT_FOUND')]);
  });

  it('quotes a pledge month by month', async () => {
    const q = await sekitar(['rates', 'quote', '--start', '2026-10', '--months', '6', '--workers', '10'], env);
    expect(q.code).toBe(0);
    expect(q.stdout.trim().split('\n')).toEqual([
      '2026-10\tRp84.000\t(diskon / discount)',
      '2026-11\tRp84.000\t(diskon / discount)',
      '2026-12\tRp84.000\t(diskon / discount)',
      '2027-01\tRp168.000',
      '2027-02\tRp168.000',
      '2027-03\tRp168.000',
      'total Rp756.000',
    ]);
  });

  it('exits 2 when the file cannot be read or the program does not exist', async () => {
    const missing = await sekitar(['import', path.join(dir, 'nope.csv'), '--program', '36.72'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/tidak ditemukan.*\n.*not found/i);
    const noProgram = await sekitar(['import', writeCsv(dir, 'x.csv', [HEADER, [nik(9), 'A', '', '']]), '--program', '32.75'], env);
    expect(noProgram.code).toBe(2);
  });
});

describe('sekitar CLI on the embedded database (SEKITAR_DATA)', () => {
  it('keeps its data in SEKITAR_DATA between runs', async () => {
    const data = tmpDir();
    const env = { SEKITAR_DATA: data, DATABASE_URL: '' };
    try {
      expect((await sekitar(['program', 'create', '--region', '35.25', '--name', 'Sertakan'], env)).code).toBe(0);
      const file = writeCsv(data, 'gresik.csv', [HEADER, ['3525014404900001', 'Sri', '04/04/1990', '1']]);
      const r = await sekitar(['import', file, '--program', '35.25'], env);
      expect([r.code, lastLine(r.stdout)]).toEqual([0, 'imported 1, updated 0, unchanged 0, rejected 0']);
      const out = await sekitar(['export', 'workers', '--program', '35.25'], env);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('3525••••••••0001,Sri');
      expect(out.stdout).not.toContain('3525014404900001');
      // The key file was made on first start, for its owner only.
      expect(fs.statSync(path.join(data, 'keys.json')).mode & 0o777).toBe(0o600);

      const rotated = await sekitar(['keys', 'rotate'], env);
      expect([rotated.code, lastLine(rotated.stdout)]).toEqual([0, 'rotated k1 -> k2: workers 1, staged rows 0 (0 imports)']);
      expect(JSON.parse(fs.readFileSync(path.join(data, 'keys.json'), 'utf8')).current).toBe('k2');
      const whole = await sekitar(['export', 'workers', '--program', '35.25', '--reveal'], env);
      expect(whole.stdout).toContain('3525014404900001,Sri');
      const again = await sekitar(['import', file, '--program', '35.25'], env);
      expect([again.code, lastLine(again.stdout)]).toEqual([0, 'imported 0, updated 0, unchanged 1, rejected 0']);

      // A new audit key: older entries stay verifiable, new ones are made with it.
      const audit = await sekitar(['keys', 'rotate-audit'], env);
      expect([audit.code, audit.stdout]).toEqual([0, expect.stringContaining('new audit key: a2')]);
      expect(JSON.parse(fs.readFileSync(path.join(data, 'keys.json'), 'utf8')).audit.current).toBe('a2');
      expect((await sekitar(['program', 'create', '--region', '36.72', '--name', 'GEMET SEKUL'], env)).code).toBe(0);
      const verified = await sekitar(['audit', 'verify'], env);
      expect([verified.code, verified.stdout]).toEqual([0, expect.stringContaining('audit trail intact')]);
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});
