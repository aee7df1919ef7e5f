// Logging in and out in Chromium: a wrong password, the throttling message, the admin's pages, and
// a sponsor user who types another sponsor's page into the address bar.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { AppShell, describeInBrowser, expectText, launchBrowser, logIn, openPage, submitLogin, WAIT_MS } from './support/browser.ts';
import { account, startServer, type SekitarServer } from './support/server.ts';

const PROGRAM = '36.72';

describeInBrowser('login, roles and sessions', () => {
  let server: SekitarServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let problems: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ demoWorkers: 100 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function newPage(): Promise<Page> {
    const opened = await openPage(browser, server.baseUrl);
    context = opened.context;
    problems = opened.problems;
    return opened.page;
  }

  it('sends a visitor to the login page, refuses a wrong password, and lets the right one in and out', async () => {
    const page = await newPage();
    await page.goto(`/p/${PROGRAM}/pekerja`);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: WAIT_MS }).toBe('/masuk');
    const admin = account(server, 'admin');
    await submitLogin(page, admin.email, 'bukan-kata-sandinya');
    await expectText(page.getByRole('alert'), /Email atau kata sandi salah/);
    await submitLogin(page, admin.email, admin.password);
    // Back where the visitor wanted to go.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: WAIT_MS }).toBe(`/p/${PROGRAM}/pekerja`);
    await expectText(new AppShell(page).pageHeading, 'Registri Pekerja');
    // "My account" lists where one is logged in, this device marked.
    await page.getByRole('link', { name: 'Admin GEMET SEKUL' }).click();
    await expectText(page.locator('#sessions-title'), 'Perangkat yang sedang masuk');
    await expectText(page.getByText('perangkat ini'), /perangkat ini/);
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: WAIT_MS }).toBe('/masuk');
    // The session is gone on the server too: the API refuses the old cookie.
    const res = await page.request.get(`/api/programs/${PROGRAM}/workers`);
    expect(res.status()).toBe(401);
    // The only console errors are the refused login's 401.
    expect(problems.filter((p) => !/401/.test(p))).toEqual([]);
  });

  it('tells the person to wait after too many wrong passwords, even when the next one is right', async () => {
    const page = await newPage();
    await page.goto('/masuk');
    const agent = account(server, 'agent');
    for (let i = 0; i < 5; i++) {
      await submitLogin(page, agent.email, `salah-${i}-kata-sandi`);
      await expectText(page.getByRole('alert'), /Email atau kata sandi salah/);
    }
    await submitLogin(page, agent.email, agent.password);
    await expectText(page.getByRole('alert'), /Terlalu banyak percobaan masuk yang gagal\. Coba lagi dalam 1\d menit\./);
    expect(new URL(page.url()).pathname).toBe('/masuk');
  });

  it("keeps a sponsor user on their own sponsor's page: another sponsor's page by URL is refused", async () => {
    // The other sponsor's id, as the admin sees it.
    const adminPage = await newPage();
    await logIn(adminPage, account(server, 'admin'));
    const list = await adminPage.request.get(`/api/programs/${PROGRAM}/sponsors`);
    const sponsors = (await list.json()) as { items: { id: number; name: string }[] };
    await context?.close();

    const page = await newPage();
    await logIn(page, account(server, 'sponsor'));
    // A sponsor user lands on their own sponsor's page, with no registry in the menu.
    await expectText(new AppShell(page).pageHeading, 'PT Krakatau Baja Demo');
    expect(await new AppShell(page).navLinkNames()).toEqual(['Sponsor Saya']);
    // The sponsor sees the price month by month before saving, then commits to it.
    await page.getByLabel('Jumlah pekerja').fill('10');
    await page.getByLabel('Lama (bulan)').fill('6');
    await page.getByLabel('Mulai bulan').fill('2026-10');
    await expectText(page.locator('.pledge-total'), 'Total: Rp756.000');
    await page.getByRole('button', { name: 'Simpan sebagai draf' }).click();
    await page.getByRole('button', { name: 'Setujui dengan harga Rp756.000' }).click();
    await expectText(page.locator('.pledge-list .badge').first(), 'disetujui');

    const other = sponsors.items.find((s) => s.name !== 'PT Krakatau Baja Demo')!;
    await page.goto(`/p/${PROGRAM}/sponsor/${other.id}`);
    await expectText(page.getByRole('alert'), /Anda tidak berwenang/);
    expect(await page.getByText(other.name).count()).toBe(0);
    // The registry is closed to this role too, by URL as by API.
    expect((await page.request.get(`/api/programs/${PROGRAM}/workers`)).status()).toBe(403);
  });
});
