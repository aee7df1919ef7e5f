// The import wizard end to end, in Indonesian, in a real browser against the real server: a
// village (DESA) CSV with a title row, a column the wizard cannot guess, an Excel-mangled NIK and
// an impossible date; dry run, error table, error report download, commit of the valid rows only,
// then the new worker found in the registry with the provenance of their data.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { nik, tmpDir, writeCsv } from '../test/import-helpers.ts';
import { describeInBrowser, expectCount, expectText, ImportWizardPage, launchBrowser, logIn, openPage, RegistryPage } from './support/browser.ts';
import { account, startServer, type SekitarServer } from './support/server.ts';

const PROGRAM = '36.72';
const FILE_NAME = 'data-desa-cilegon.csv';
const HEADERS = ['NIK', 'Nama Warga', 'Tgl Lahir', 'Jenis Kelamin'];
const GOOD = [
  { nik: nik(9101, 'L', '1985-03-12'), name: 'Ahmad Uji Satu', birth: '12/03/1985', sex: 'L' },
  { nik: nik(9102, 'P', '1990-07-01'), name: 'Siti Uji Dua', birth: '01/07/1990', sex: 'P' },
  { nik: nik(9103, 'L', '1978-11-23'), name: 'Budi Uji Tiga', birth: '23/11/1978', sex: 'L' },
];
const MANGLED_NIK = '3.67201E+15';
const BAD_DATE = '31/02/1990';

describeInBrowser('import wizard (browser, Bahasa Indonesia)', () => {
  let server: SekitarServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let dir: string;
  let csv: string;

  beforeAll(async () => {
    dir = tmpDir();
    // Spreadsheet rows: 1 title, 2 headings, 3.. data. Rejected rows are 4 (NIK) and 6 (date).
    csv = writeCsv(
      dir,
      FILE_NAME,
      [
        ['DAFTAR PEKERJA RENTAN KELURAHAN KEPUH 2025', '', '', ''],
        HEADERS,
        [GOOD[0]!.nik, GOOD[0]!.name, GOOD[0]!.birth, GOOD[0]!.sex],
        [MANGLED_NIK, 'Nik Rusak', '05/05/1980', 'L'],
        [GOOD[1]!.nik, GOOD[1]!.name, GOOD[1]!.birth, GOOD[1]!.sex],
        [nik(9104, 'L', '1990-02-28'), 'Tanggal Salah', BAD_DATE, 'L'],
        [GOOD[2]!.nik, GOOD[2]!.name, GOOD[2]!.birth, GOOD[2]!.sex],
      ],
      { delimiter: ';' },
    );
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ({ context, page, problems } = await openPage(browser, server.baseUrl));
    await logIn(page, account(server, 'admin'));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(problems, 'errors in the page or its console').toEqual([]);
  });

  it('uploads, maps, checks, reports errors, commits valid rows, and the worker shows up with provenance', async () => {
    // The registry before: how many workers the demo program has.
    const registry = new RegistryPage(page);
    await registry.goto(PROGRAM);
    const before = await registry.totalWorkers();
    expect(before).toBeGreaterThan(0);

    // Into the wizard through the main menu, as an operator would.
    await registry.shell.navLink('Impor Data').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/p/${PROGRAM}/impor`);
    const wizard = new ImportWizardPage(page);
    await wizard.uploadButton.waitFor();
    await expectText(wizard.currentStep, /Unggah berkas/);

    // Step 1: source and file.
    await wizard.upload('Data desa', csv);
    await expectText(wizard.currentStep, /Cocokkan kolom/);

    // Step 2: the headings were found below the title row, the separator was detected, and
    // each column has a select prefilled with the server's guess.
    await expectText(wizard.mappingSection.locator('p').first(), /judul kolom ditemukan di baris 2/);
    await expectText(wizard.mappingSection.locator('p').first(), new RegExp(`Berkas ${FILE_NAME.replace(/\./g, '\\.')}`));
    await expectText(wizard.mappingSection.locator('.hint-inline'), /Data desa · CSV · .*“;”/);
    expect(await wizard.mappedHeaders()).toEqual(HEADERS);
    await expectCount(wizard.mappingSection.getByRole('combobox'), HEADERS.length);
    expect(await wizard.mappingSelect('NIK').inputValue()).toBe('nik');
    expect(await wizard.mappingSelect('Tgl Lahir').inputValue()).toBe('birth_date');
    expect(await wizard.mappingSelect('Jenis Kelamin').inputValue()).toBe('sex');
    // "Nama Warga" is no known heading: left unmapped, so the required name is missing.
    expect(await wizard.mappingSelect('Nama Warga').inputValue()).toBe('');
    await expectText(wizard.mappingProblems, /Isian wajib Nama lengkap belum dipetakan/);
    expect(await wizard.dryRunButton.isDisabled()).toBe(true);
    // Sample values come from the file, below the headings.
    await expectText(wizard.mappingSection.getByRole('row').filter({ hasText: 'Nama Warga' }).locator('.samples li').first(), GOOD[0]!.name);

    await wizard.mapColumn('Nama Warga', 'Nama lengkap');
    expect(await wizard.mappingSelect('Nama Warga').inputValue()).toBe('name');
    await wizard.mappingProblems.waitFor({ state: 'detached' });
    expect(await wizard.dryRunButton.isEnabled()).toBe(true);

    // Step 3: the dry run counts without saving.
    await wizard.runDryRun();
    await expectText(wizard.currentStep, /Periksa/);
    expect(await wizard.count('Baris dibaca')).toBe(5);
    expect(await wizard.count('Baru')).toBe(3);
    expect(await wizard.count('Ditolak')).toBe(2);
    expect(await wizard.count('Diperbarui')).toBe(0);

    const rejected = await wizard.rejectedRows();
    expect(rejected).toHaveLength(2);
    expect(rejected).toEqual([
      expect.objectContaining({ row: '4', column: 'NIK', value: MANGLED_NIK, reason: expect.stringMatching(/notasi ilmiah/) }),
      expect.objectContaining({ row: '6', column: 'Tgl Lahir', value: BAD_DATE, reason: expect.stringMatching(/tidak valid.*tidak ada di kalender/) }),
    ]);

    // The error report download has the same rows, and no good row.
    const report = await wizard.downloadErrorReport();
    expect(report.download.suggestedFilename()).toMatch(/^kesalahan-impor-\d+\.csv$/);
    const lines = report.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const reportRows = lines.slice(1).map((l) => l.split(',')[0]);
    expect(reportRows).toEqual(['4', '6']);
    expect(report.text).toContain(`4,NIK,${MANGLED_NIK}`);
    expect(report.text).toContain(`6,Tgl Lahir,${BAD_DATE}`);

    // Nothing is saved whole while rows are rejected: commit waits for "valid rows only".
    await wizard.commitBlocked.waitFor();
    await expectText(wizard.commitBlocked, /Ada 2 baris yang ditolak/);
    expect(await wizard.commitButton.isDisabled()).toBe(true);
    expect(await wizard.validOnly.isChecked()).toBe(false);
    await wizard.validOnly.check();
    expect(await wizard.commitButton.isEnabled()).toBe(true);
    await wizard.commitBlocked.waitFor({ state: 'detached' });

    // Step 4: commit and the final counts.
    await wizard.commit();
    await expectText(wizard.currentStep, /Simpan/);
    await expectText(page.getByRole('status').filter({ has: wizard.committedHeading }), /Baru 3, Diperbarui 0, Tidak berubah 0, Ditolak 2\./);
    expect(await wizard.count('Baru')).toBe(3);
    expect(await wizard.count('Ditolak')).toBe(2);
    await expectText(wizard.historyRow(FILE_NAME).locator('.badge'), 'Tersimpan');
    await expectText(wizard.historyRow(FILE_NAME).getByRole('cell').nth(1), 'Data desa');

    // The registry now has three more workers, without a reload.
    await wizard.toRegistry.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/p/${PROGRAM}/pekerja`);
    await expect.poll(() => registry.totalWorkers(), { timeout: 30_000 }).toBe(before + 3);

    // Found by NIK; the list shows the NIK masked, never whole.
    const target = GOOD[1]!;
    await registry.searchFor(target.nik);
    await expectText(registry.total, '1 pekerja');
    const rows = await registry.rowCells();
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toBe(`${target.nik.slice(0, 4)}••••••••${target.nik.slice(-4)}`);
    expect(rows[0]![1]).toContain(target.name);
    expect(await page.locator('main').innerText()).not.toContain(target.nik);

    // The detail page: the NIK masked there too, and where each field came from.
    const worker = await registry.openWorker(target.name);
    await expectText(worker.nik, `${target.nik.slice(0, 4)}••••••••${target.nik.slice(-4)}`);
    expect(await page.locator('main').innerText()).not.toContain(target.nik);
    const provenance = await worker.provenanceRows();
    expect(provenance.find((r) => r.field === 'Nama')).toMatchObject({ value: target.name, source: 'Data desa', file: FILE_NAME });
    expect(provenance.find((r) => r.field === 'Tanggal lahir')).toMatchObject({ value: '1 Juli 1990', source: 'Data desa', file: FILE_NAME });
    expect(provenance.find((r) => r.field === 'Jenis kelamin')).toMatchObject({ value: 'Perempuan', source: 'Data desa', file: FILE_NAME });
    expect(provenance.every((r) => r.file === FILE_NAME && r.source === 'Data desa')).toBe(true);
  });
});
