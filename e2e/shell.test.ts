// The app around the features, in a real browser against the real server with demo data:
// language switch and its persistence, the registry on a 360 px phone, a demo worker's
// provenance, and the API documentation.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { AppShell, describeInBrowser, expectText, launchBrowser, logIn, openPage, RegistryPage, WAIT_MS, WorkerPage } from './support/browser.ts';
import { account, startServer, type SekitarServer } from './support/server.ts';

const PROGRAM = '36.72';

describeInBrowser('app shell (browser)', () => {
  let server: SekitarServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let problems: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(problems, 'errors in the page or its console').toEqual([]);
    problems = [];
  });

  /** Each test gets its own context: its own localStorage, so no language or program leaks over. */
  async function newPage(opts: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const opened = await openPage(browser, server.baseUrl, opts);
    context = opened.context;
    problems = opened.problems;
    await logIn(opened.page, account(server, 'admin'));
    return opened.page;
  }

  it('opens on the demo program in Indonesian, switches to English, and keeps English after a reload', async () => {
    const page = await newPage();
    await page.goto('/');
    // '/' sends the operator to the registry of the (only) program.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: WAIT_MS }).toBe(`/p/${PROGRAM}/pekerja`);
    const shell = new AppShell(page);
    await shell.nav.waitFor();
    expect(await shell.navLinkNames()).toEqual(['Dasbor', 'Registri Pekerja', 'Daftarkan Pekerja', 'Impor Data', 'Sponsor', 'Alokasi', 'Pendaftaran BPJS TK', 'Penagihan', 'Klaim', 'Pengguna', 'Permintaan Data Pribadi', 'Jejak Audit']);
    await expectText(shell.pageHeading, 'Registri Pekerja');
    await expectText(shell.languageSwitch, 'English');
    expect(await shell.documentLang()).toBe('id');
    await expectText(page.locator('.list-status .total'), /^[\d.]+ pekerja$/);

    await shell.languageSwitch.click();
    await expect.poll(() => shell.navLinkNames(), { timeout: WAIT_MS }).toEqual(['Dashboard', 'Worker registry', 'Register a worker', 'Import data', 'Sponsors', 'Allocation', 'BPJS TK enrolment', 'Billing', 'Claims', 'Users', 'Personal data requests', 'Audit Trail']);
    expect(await shell.nav.getAttribute('aria-label')).toBe('Main menu');
    await expectText(shell.pageHeading, 'Worker registry');
    await expectText(shell.languageSwitch, 'Bahasa Indonesia');
    expect(await shell.documentLang()).toBe('en');
    // Text computed from data follows too: the total and the column headings.
    await expectText(page.locator('.list-status .total'), /^[\d.]+ workers$/);
    expect(await page.getByRole('table', { name: 'Workers' }).getByRole('columnheader').allTextContents()).toEqual([
      'NIK',
      'Name',
      'Village',
      'Occupation',
      'Desil',
      'Status',
    ]);

    await page.reload();
    await shell.nav.waitFor();
    expect(await shell.navLinkNames()).toEqual(['Dashboard', 'Worker registry', 'Register a worker', 'Import data', 'Sponsors', 'Allocation', 'BPJS TK enrolment', 'Billing', 'Claims', 'Users', 'Personal data requests', 'Audit Trail']);
    await expectText(shell.pageHeading, 'Worker registry');
    expect(await shell.documentLang()).toBe('en');

    // And the navigation works in English: the import page has its English title.
    await shell.navLink('Import data').click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: WAIT_MS }).toBe(`/p/${PROGRAM}/impor`);
    await expectText(shell.pageHeading, 'Import data');
  });

  it('fits a 360 px phone: no sideways page scroll, and the filters work', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 } });
    const registry = await new RegistryPage(page).goto(PROGRAM);
    const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await scrollWidth()).toBeLessThanOrEqual(360);
    const all = await registry.totalWorkers();
    expect(all).toBeGreaterThan(0);

    // Every filter control lies inside the screen.
    for (const control of [registry.search, registry.searchButton, registry.kecamatan, registry.kelurahan, registry.desil]) {
      const box = await control.boundingBox();
      expect(box, 'filter control is rendered').not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    }

    // Choose a kecamatan on the phone: the list narrows to it, the village select opens up.
    expect(await registry.kelurahan.isDisabled()).toBe(true);
    const kecamatanOptions = await registry.kecamatan.locator('option').evaluateAll((os) =>
      os.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o as HTMLOptionElement).label })),
    );
    const chosen = kecamatanOptions.find((o) => o.value !== '');
    expect(chosen, 'the kecamatan filter lists the program’s kecamatan').toBeDefined();
    await registry.refreshAfter(async () => {
      await registry.kecamatan.selectOption(chosen!.value);
    }, { kecamatan: chosen!.value });
    expect(new URL(page.url()).searchParams.get('kecamatan')).toBe(chosen!.value);
    const narrowed = await registry.totalWorkers();
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
    const villageCells = (await registry.rowCells()).map((cells) => cells[2] ?? '');
    expect(villageCells.length).toBeGreaterThan(0);
    for (const cell of villageCells) expect(cell).toContain(chosen!.label);
    expect(await registry.kelurahan.isEnabled()).toBe(true);
    expect(await scrollWidth()).toBeLessThanOrEqual(360);

    // Desil on top of it, then "Hapus saringan" brings the whole list back.
    await registry.refreshAfter(async () => {
      await registry.desil.selectOption({ label: 'Desil 1–4' });
    }, { kecamatan: chosen!.value, desil: '1,2,3,4' });
    const desilCells = (await registry.rowCells()).map((cells) => cells[4] ?? '');
    expect(desilCells.length).toBeGreaterThan(0);
    for (const cell of desilCells) expect(['1', '2', '3', '4']).toContain(cell);
    expect(await registry.totalWorkers()).toBeLessThanOrEqual(narrowed);
    // The unfiltered list is still cached, so no request need be made: wait for the page itself.
    await page.getByRole('button', { name: 'Hapus saringan' }).click();
    await expect.poll(() => new URL(page.url()).search, { timeout: WAIT_MS }).toBe('');
    await expect.poll(() => registry.totalWorkers(), { timeout: WAIT_MS }).toBe(all);
    expect(await registry.kelurahan.isDisabled()).toBe(true);
    expect(await scrollWidth()).toBeLessThanOrEqual(360);
  });

  it('shows a demo worker with the provenance of their data', async () => {
    const page = await newPage();
    const registry = await new RegistryPage(page).goto(PROGRAM);
    const first = registry.rows.first().getByRole('link');
    const name = (await first.innerText()).trim();
    expect(name.length).toBeGreaterThan(0);
    const maskedNik = (await registry.rows.first().locator('td').first().innerText()).trim();
    expect(maskedNik).toMatch(/^3672•{8}\d{4}$/);

    // The first row by its own link: demo names can repeat.
    await first.click();
    const worker = new WorkerPage(page);
    await worker.heading(name).waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/p/${PROGRAM}/pekerja/\\d+$`));
    // The worker page shows the NIK masked, as the list does.
    expect((await worker.nik.innerText()).trim()).toBe(maskedNik);

    const rows = await worker.provenanceRows();
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.find((r) => r.field === 'Nama')).toMatchObject({ value: name, source: 'DTSEN', file: `demo-dtsen-${PROGRAM}.csv` });
    for (const r of rows) {
      expect(r.source).toBe('DTSEN');
      expect(r.file).toBe(`demo-dtsen-${PROGRAM}.csv`);
      expect(r.at).toMatch(/WIB$/);
    }

    await page.getByRole('link', { name: 'Kembali ke registri' }).click();
    await registry.waitForList();
    expect(new URL(page.url()).pathname).toBe(`/p/${PROGRAM}/pekerja`);
  });

  it('links to the API documentation, which loads', async () => {
    const page = await newPage();
    await new RegistryPage(page).goto(PROGRAM);
    const shell = new AppShell(page);
    await shell.apiDocsLink.click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: WAIT_MS }).toMatch(/^\/docs/);
    await expectText(page.getByRole('heading', { level: 1 }).filter({ hasText: 'Sekitar API' }), /^Sekitar API\b/);
    // The operations are listed from the OpenAPI document generated out of the route schemas.
    await page.getByText('/api/programs/{regionCode}/workers', { exact: true }).first().waitFor();
    await page.getByText('/api/imports/{id}/dry-run', { exact: true }).first().waitFor();
  });
});
