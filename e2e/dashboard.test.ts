// Indicators in Chromium: the programme dashboard renders with the demo data and its numbers are
// the API's (Cilegon's 43,5% against 55%, 27.377 workers missing); the simulator prices them
// (Rp 459.933.600 a month); a chart's CSV holds the table's rows; the sponsor sees its impact and
// chooses to be named, issues a CSR report whose PDF carries its figures and whose QR link verifies
// (a changed code does not); the public page, without login, shows the aggregates, the sponsor's
// name and no NIK; both pages fit a 360 px phone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { AppShell, describeInBrowser, expectText, logIn, WAIT_MS } from './support/browser.ts';
import { account } from './support/server.ts';
import { browserSuite } from './support/suite.ts';

describeInBrowser('indicators: dashboard, simulator, sponsor impact, public page', () => {
  // a pledge, then the public page's refresh: longer than one default test timeout
  const LONG = 120_000;
  const suite = browserSuite({ demoWorkers: 300 });
  const newPage = () => suite.openPage();

  const apiJson = <T,>(page: Page, url: string): Promise<T> => page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;

  it("shows the demo programme's coverage against its target, the same numbers as the API, and prices the gap", async () => {
    const admin = await newPage();
    await logIn(admin, account(suite.server, 'admin'));
    await new AppShell(admin).navLink('Dasbor').click();
    await expectText(new AppShell(admin).pageHeading, 'Dasbor Cakupan');
    await expectText(admin.getByTestId('ucj'), /43,5%\s*dari target 55% \(2025\)/);
    await expectText(admin.getByTestId('missing').locator('.stat-value'), '27.377');

    const api = await apiJson<{
      headline: { ucj: { percent: number; missing: number } };
      programme: { registered: number; coveredNow: number };
      trend: unknown[];
      regions: { level: number; name: string; ucjPercent: number | null }[];
    }>(admin, '/api/programs/36.72/dashboard');
    expect(api.headline.ucj.percent.toFixed(1)).toBe('43.5');
    expect(api.headline.ucj.missing).toBe(27_377);
    await expectText(admin.getByTestId('covered-now'), new RegExp(`${api.programme.coveredNow}[\\s\\S]*${api.programme.registered.toLocaleString('id-ID')} pekerja rentan terdaftar`));

    // The ranking's table lists every kecamatan with the API's coverage, one decimal, comma.
    const kecamatan = api.regions.filter((r) => r.level === 3);
    const ranking = admin.locator('section', { has: admin.getByRole('heading', { name: 'Peringkat kecamatan menurut cakupan' }) });
    const rows = ranking.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(kecamatan.length);
    const firstRow = await rows.first().locator('td').allInnerTexts();
    const best = [...kecamatan].sort((a, b) => (b.ucjPercent ?? -1) - (a.ucjPercent ?? -1))[0]!;
    expect(firstRow[0]).toBe(best.name);
    expect(firstRow[3]).toBe(`${best.ucjPercent!.toFixed(1).replace('.', ',')}%`);
    // The chart is drawn (SVG bars), and the tile map has one tile per kelurahan.
    await expect.poll(() => ranking.locator('.recharts-bar-rectangle').count(), { timeout: WAIT_MS }).toBe(kecamatan.length);
    await expect.poll(() => admin.locator('.tile').count(), { timeout: WAIT_MS }).toBe(api.regions.filter((r) => r.level === 4).length);
    expect(await admin.locator('.tile-star').count()).toBeGreaterThan(0);

    // The regions CSV next to the chart: a header and one row per kecamatan and kelurahan.
    const [download] = await Promise.all([admin.waitForEvent('download', { timeout: WAIT_MS }), ranking.getByRole('link', { name: 'Unduh CSV' }).click()]);
    const csv = Papa.parse<string[]>(fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(csv.length).toBe(1 + api.regions.length);
    expect(csv.find((r) => r[1] === best.name)?.[5]).toBe(best.ucjPercent!.toFixed(1));

    // The simulator: the city's target by December next year.
    await admin.getByLabel('Tercapai pada bulan').fill(`${new Date().getFullYear() + 1}-12`);
    await admin.getByRole('button', { name: 'Hitung' }).click();
    await expectText(admin.getByTestId('simulation').locator('.sim-answer'), 'Perlu 27.377 pekerja lagi: Rp 459.933.600 sebulan (Rp 16.800 per orang, sebelum diskon).');
  });

  it("shows the sponsor its impact, issues a verifiable CSR report; once it agrees to be named, the public page names it, without any NIK", async () => {
    const sponsor = await newPage();
    await logIn(sponsor, account(suite.server, 'sponsor'));
    await expectText(new AppShell(sponsor).pageHeading, 'PT Krakatau Baja Demo');
    await expectText(sponsor.getByTestId('impact-paid'), /Rp 0/);
    // A sponsor is named once it has committed to a pledge; the impact compares with it.
    await sponsor.getByLabel('Jumlah pekerja').fill('3');
    await sponsor.getByLabel('Lama (bulan)').fill('6');
    await sponsor.getByLabel('Mulai bulan').fill('2027-01');
    await expectText(sponsor.locator('.pledge-total'), 'Total: Rp302.400');
    await sponsor.getByRole('button', { name: 'Simpan sebagai draf' }).click();
    await sponsor.getByRole('button', { name: 'Setujui dengan harga Rp302.400' }).click();
    await expectText(sponsor.locator('.pledge-list .badge').first(), 'disetujui');
    await sponsor.reload();
    await expectText(sponsor.getByTestId('impact-paid'), /dijanjikan Rp 302\.400/);
    await expectText(sponsor.getByTestId('impact-covered'), /3 kuota dijanjikan/);
    const naming = sponsor.getByLabel('Tampilkan nama sponsor ini di halaman publik');
    await naming.click();
    await expect.poll(() => naming.isChecked(), { timeout: WAIT_MS }).toBe(true);

    // A CSR report for the pledge's quarter: its PDF carries the figures and the verification link.
    const reports = sponsor.getByRole('region', { name: 'Laporan CSR dan piagam' });
    await reports.getByLabel('Dari bulan').fill('2027-01');
    await reports.getByLabel('Sampai bulan').fill('2027-03');
    await reports.getByRole('button', { name: 'Terbitkan laporan' }).click();
    await expect.poll(() => reports.locator('tbody tr').count(), { timeout: WAIT_MS }).toBe(1);
    const [pdf] = await Promise.all([sponsor.waitForEvent('download', { timeout: WAIT_MS }), reports.getByRole('link', { name: 'PDF' }).click()]);
    const pdfText = execFileSync('pdftotext', ['-layout', await pdf.path(), '-'], { encoding: 'utf8' });
    for (const expected of ['PEMERINTAH KOTA CILEGON', 'Laporan CSR', 'PT Krakatau Baja Demo', 'Januari – Maret 2027', 'Rp 302.400', 'Kepala Dinas Tenaga Kerja']) expect(pdfText).toContain(expected);
    const code = /verifikasi\/([a-z0-9]{16}\.[0-9a-f]{20})/.exec(pdfText.replace(/\s+/g, ''))?.[1];
    expect(code).toBeDefined();

    const checker = await newPage();
    await checker.goto(`/verifikasi/${code}`);
    await expectText(checker.getByTestId('verify-valid').getByRole('status'), /Laporan ini asli[\s\S]*PT Krakatau Baja Demo/);
    await expectText(checker.getByTestId('verify-valid').locator('.fact', { hasText: 'Nilai komitmen' }).locator('dd'), 'Rp 302.400');
    // one changed character of the code: refused
    await checker.goto(`/verifikasi/${code!.slice(0, -1)}${code!.endsWith('a') ? 'b' : 'a'}`);
    await expectText(checker.getByTestId('verify-invalid'), /Laporan tidak dapat diverifikasi/);

    const visitor = await newPage();
    // No session: the public page is open to anyone, and linked from the login page.
    await visitor.goto('/masuk');
    await visitor.getByRole('link', { name: /halaman publik/ }).click();
    await expectText(visitor.getByRole('heading', { level: 1 }), 'GEMET SEKUL: cakupan perlindungan pekerja');
    await expectText(visitor.getByTestId('public-ucj'), /43,5%\s*dari target 55% \(2025\)/);
    // Sponsors' names appear once the server's cached summary is dropped by the change.
    await expect.poll(async () => {
      await visitor.reload();
      return visitor.locator('.sponsor-names').innerText().catch(() => '');
    }, { timeout: WAIT_MS }).toContain('PT Krakatau Baja Demo');
    const text = await visitor.locator('body').innerText();
    expect(text).not.toMatch(/\b\d{16}\b/);
    const summary = await apiJson<{ kecamatan: { covered: number | null }[] }>(visitor, '/api/public/programs/36.72/summary');
    for (const k of summary.kecamatan) expect(k.covered === null || k.covered === 0 || k.covered >= 5).toBe(true);
    expect(JSON.stringify(summary)).not.toMatch(/"\d{16}"/);
  }, LONG);

  it('fits a 360 px phone: the dashboard and the public page scroll only downwards', async () => {
    const phone = await suite.openPage({ viewport: { width: 360, height: 740 } });
    await logIn(phone, account(suite.server, 'admin'));
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await phone.goto('/p/36.72/dasbor');
    await expect.poll(() => phone.locator('.tile').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
    expect(await overflow()).toBe(0);
    await phone.goto('/publik/36.72');
    await expect.poll(() => phone.locator('.recharts-bar-rectangle').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
    expect(await overflow()).toBe(0);
  });
});
