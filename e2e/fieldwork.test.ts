// A field agent on a 360 px phone: registers a worker met at the door with consent, then finds
// the record, sees the NIK masked, reveals it with a reason (audited) and reports a move.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nik } from '../test/import-helpers.ts';
import { describeInBrowser, expectText, launchBrowser, logIn, openPage, WAIT_MS } from './support/browser.ts';
import { account, startServer, type SekitarServer } from './support/server.ts';

const PROGRAM = '36.72';

describeInBrowser('field agent on a phone', () => {
  let server: SekitarServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ demoWorkers: 100 }), launchBrowser()]);
    ({ context, page, problems } = await openPage(browser, server.baseUrl, { viewport: { width: 360, height: 740 } }));
    await logIn(page, account(server, 'agent'));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const noSideScroll = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  it('registers a worker with consent, then reveals the NIK with a reason and reports a move', async () => {
    await page.getByRole('link', { name: 'Daftarkan Pekerja' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Daftarkan Pekerja');
    const newNik = nik(8801, 'P', '1988-07-15');
    await page.getByLabel('NIK').fill(newNik);
    await page.getByLabel('Nama lengkap (sesuai KTP)').fill('Sumiati Lapangan');
    const kelurahan = page.getByLabel('Desa/Kelurahan');
    const firstValue = await kelurahan.locator('option[value]:not([value=""])').first().getAttribute('value');
    await kelurahan.selectOption(firstValue!);
    await page.getByLabel('Nomor HP').fill('0812 7777 1234');
    await noSideScroll();
    await page.getByRole('button', { name: 'Simpan pendaftaran' }).click();
    await expectText(page.getByRole('status'), /Pekerja terdaftar/);
    await page.getByRole('link', { name: 'Buka data pekerja' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Sumiati Lapangan');
    // Masked on the page; consent captured at registration is listed.
    await expect.poll(() => page.locator('.nik').first().innerText(), { timeout: WAIT_MS }).toBe(`${newNik.slice(0, 4)}••••••••${newNik.slice(-4)}`);
    expect(await page.getByText(newNik).count()).toBe(0);
    await expectText(page.locator('#consents-title'), /Persetujuan/);
    await noSideScroll();

    await page.getByText('Tampilkan NIK dan nomor HP lengkap').click();
    await page.getByLabel('Alasan').fill('cocokkan dengan KTP');
    await page.getByRole('button', { name: 'Tampilkan', exact: true }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'jejak audit' }), new RegExp(newNik));

    await page.getByText('Laporkan meninggal atau pindah').click();
    await page.getByLabel('Keadaan').selectOption('moved_away');
    await page.getByLabel('Tanggal', { exact: true }).fill('2026-11-20');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'Tersimpan' }), 'Tersimpan.');
    await noSideScroll();
    expect(problems).toEqual([]);
  });
});
