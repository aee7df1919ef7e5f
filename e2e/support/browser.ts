// Real Chromium (Debian's /usr/bin/chromium, never a downloaded build) driven by playwright-core,
// and page models of Sekitar's screens in the spirit of Actual Budget's Playwright page models:
// each screen is a class whose locators find things the way a person does (role, label, text),
// so a test reads as what an operator does and breaks when what the operator sees breaks.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Download, type Locator, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** Upper bound of every wait on the page (locators, expect.poll). */
export const WAIT_MS = 30_000;

const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);

// Under CI the browser tests must run: a missing browser fails the suite instead of skipping it.
if (!chromiumAvailable && inCi) {
  throw new Error(`${CHROMIUM_PATH} not found: the browser tests cannot be skipped under CI (apt-get install chromium)`);
}

/** describe() for browser tests: outside CI, skipped with a message when Chromium is missing. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable) {
    describe(name, fn);
    return;
  }
  console.warn(`[e2e] skipping "${name}": ${CHROMIUM_PATH} not found (apt-get install chromium). Under CI this fails instead.`);
  describe.skip(name, fn);
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A fresh context (own localStorage and cookies) and page, Indonesian locale, bounded timeouts.
 * Uncaught errors in the page and console errors are collected: tests assert there were none.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  opts: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    acceptDownloads: true,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.setDefaultNavigationTimeout(WAIT_MS);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return { context, page, problems };
}

/** Fills and sends the login form on the page that shows it. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/** Logs in through the login page, as a person would, and waits for the first page after it. */
export async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/masuk');
  await submitLogin(page, who.email, who.password);
  await page.waitForURL((u) => !u.pathname.startsWith('/masuk'));
}

/** Waits (bounded) until the locator's visible text matches. */
export async function expectText(locator: Locator, expected: RegExp | string): Promise<void> {
  const poll = expect.poll(async () => ((await locator.count()) > 0 ? (await locator.first().innerText()).trim() : ''), { timeout: WAIT_MS });
  if (typeof expected === 'string') await poll.toBe(expected);
  else await poll.toMatch(expected);
}

/** Waits (bounded) until the locator matches exactly n elements. */
export async function expectCount(locator: Locator, n: number): Promise<void> {
  await expect.poll(() => locator.count(), { timeout: WAIT_MS }).toBe(n);
}

const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** The cells of each body row of a table, as trimmed text. */
async function rowTexts(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())),
  );
}

/** Header, main navigation, language switch, footer: on every page. */
export class AppShell {
  readonly nav: Locator;
  readonly languageSwitch: Locator;
  readonly pageHeading: Locator;
  readonly programSelect: Locator;
  readonly apiDocsLink: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: /^(Menu utama|Main menu)$/ });
    this.languageSwitch = page.getByRole('button', { name: /^(English|Bahasa Indonesia)$/ });
    this.pageHeading = page.getByRole('heading', { level: 1 });
    this.programSelect = page.getByLabel('Program', { exact: true });
    this.apiDocsLink = page.getByRole('contentinfo').getByRole('link', { name: /^(Dokumentasi API|API documentation)$/ });
  }

  navLink(name: string): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  async navLinkNames(): Promise<string[]> {
    return (await this.nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
  }

  async documentLang(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.lang);
  }
}

/** /p/:regionCode/pekerja: search, filters and one page of workers. */
export class RegistryPage {
  readonly shell: AppShell;
  readonly search: Locator;
  readonly searchButton: Locator;
  readonly kecamatan: Locator;
  readonly kelurahan: Locator;
  readonly desil: Locator;
  readonly total: Locator;
  readonly table: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.search = page.getByLabel('Cari nama atau NIK');
    this.searchButton = page.getByRole('search').getByRole('button', { name: 'Cari', exact: true });
    this.kecamatan = page.getByLabel('Kecamatan', { exact: true });
    this.kelurahan = page.getByLabel('Desa/Kelurahan', { exact: true });
    this.desil = page.getByLabel('Desil', { exact: true });
    this.total = page.locator('.list-status .total');
    this.table = page.getByRole('table', { name: 'Daftar pekerja' });
    this.rows = this.table.locator('tbody tr');
  }

  async goto(regionCode: string, query = ''): Promise<this> {
    await this.page.goto(`/p/${regionCode}/pekerja${query}`);
    await this.waitForList();
    return this;
  }

  /** Waits until a list (or the empty notice) is shown and no request is in flight. */
  async waitForList(): Promise<void> {
    await this.total.waitFor({ state: 'visible' });
    await this.page.locator('.list-status .updating').waitFor({ state: 'detached' });
  }

  /** The number in "300 pekerja" / "1 pekerja". */
  async totalWorkers(): Promise<number> {
    await this.waitForList();
    const text = await this.total.innerText();
    const m = /^([\d.]+) pekerja$/.exec(text.trim());
    if (!m?.[1]) throw new Error(`unexpected total text: ${text}`);
    return Number(m[1].replace(/\./g, ''));
  }

  /**
   * Does something that changes the list (search, filter), then waits for the list request with
   * the given query parameters (null: absent) to answer and for the page to show its result.
   * Waiting on the URL alone is not enough: the router updates it before React renders.
   */
  async refreshAfter(action: () => Promise<void>, expected: Record<string, string | null>): Promise<void> {
    const answered = this.page.waitForResponse(
      (res) => {
        const url = new URL(res.url());
        if (res.request().method() !== 'GET' || !/^\/api\/programs\/[^/]+\/workers$/.test(url.pathname)) return false;
        return Object.entries(expected).every(([key, value]) => url.searchParams.get(key) === value);
      },
      { timeout: WAIT_MS },
    );
    await action();
    expect((await answered).ok()).toBe(true);
    await this.waitForList();
  }

  /** Types in the search box and presses Enter, then waits for the list of that search. */
  async searchFor(text: string): Promise<void> {
    await this.refreshAfter(async () => {
      await this.search.fill(text);
      await this.search.press('Enter');
    }, { q: text });
    expect(new URL(this.page.url()).searchParams.get('q')).toBe(text);
  }

  async rowCells(): Promise<string[][]> {
    return rowTexts(this.table);
  }

  workerLink(name: string): Locator {
    return this.table.getByRole('link', { name, exact: true });
  }

  async openWorker(name: string): Promise<WorkerPage> {
    await this.workerLink(name).click();
    const worker = new WorkerPage(this.page);
    await worker.heading(name).waitFor();
    return worker;
  }
}

/** /p/:regionCode/pekerja/:id: one worker, the provenance of each field, history, consent. */
export class WorkerPage {
  readonly provenance: Locator;
  readonly provenanceTable: Locator;
  readonly nik: Locator;

  constructor(readonly page: Page) {
    this.provenance = page.getByRole('region', { name: /^(Asal data|Provenance)$/ });
    this.provenanceTable = this.provenance.getByRole('table');
    this.nik = page.locator('.page-header .nik');
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /** Provenance row of one field, found by its label ("Nama", "Tanggal lahir"). */
  provenanceRow(fieldLabel: string): Locator {
    return this.provenanceTable.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: fieldLabel, exact: true }) });
  }

  /** { field, value, source, file, at, actor } for every provenance row. */
  async provenanceRows(): Promise<{ field: string; value: string; source: string; file: string; at: string; actor: string }[]> {
    await this.provenanceTable.locator('tbody tr').first().waitFor();
    return (await rowTexts(this.provenanceTable)).map(([field = '', value = '', source = '', file = '', at = '', actor = '']) => ({
      field,
      value,
      source,
      file,
      at,
      actor,
    }));
  }
}

export interface RejectedRow {
  row: string;
  column: string;
  value: string;
  reason: string;
}

/** /p/:regionCode/impor: upload -> map columns -> dry run -> commit. */
export class ImportWizardPage {
  readonly shell: AppShell;
  readonly steps: Locator;
  readonly currentStep: Locator;
  readonly source: Locator;
  readonly file: Locator;
  readonly uploadButton: Locator;
  readonly mappingSection: Locator;
  readonly mappingProblems: Locator;
  readonly dryRunButton: Locator;
  readonly checkHeading: Locator;
  readonly rejectedSection: Locator;
  readonly rejectedTable: Locator;
  readonly errorReportLink: Locator;
  readonly validOnly: Locator;
  readonly commitButton: Locator;
  readonly commitBlocked: Locator;
  readonly committedHeading: Locator;
  readonly toRegistry: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
    this.steps = page.getByRole('list', { name: 'Langkah impor' });
    this.currentStep = this.steps.locator('[aria-current="step"]');
    this.source = page.getByLabel('Sumber data', { exact: true });
    this.file = page.getByLabel('Berkas (CSV, XLSX atau TXT)');
    this.uploadButton = page.getByRole('button', { name: 'Unggah dan baca kolom' });
    this.mappingSection = page.getByRole('region', { name: 'Cocokkan kolom berkas dengan isian pekerja' });
    this.mappingProblems = page.locator('.notice-warning', { hasText: 'Perbaiki pemetaan dulu' });
    this.dryRunButton = page.getByRole('button', { name: 'Periksa data (uji coba)' });
    this.checkHeading = page.getByRole('heading', { name: 'Hasil pemeriksaan' });
    this.rejectedSection = page.getByRole('region', { name: 'Baris yang ditolak' });
    this.rejectedTable = this.rejectedSection.getByRole('table');
    this.errorReportLink = page.getByRole('link', { name: 'Unduh laporan kesalahan' });
    this.validOnly = page.getByRole('checkbox', { name: 'Simpan baris yang valid saja' });
    this.commitButton = page.getByRole('button', { name: 'Simpan ke registri' });
    this.commitBlocked = page.locator('.notice-warning', { hasText: 'belum bisa disimpan utuh' });
    this.committedHeading = page.getByRole('heading', { name: 'Data tersimpan di registri' });
    this.toRegistry = page.getByRole('link', { name: 'Lihat registri pekerja' });
    this.history = page.getByRole('region', { name: 'Riwayat impor' });
  }

  async goto(regionCode: string): Promise<this> {
    await this.page.goto(`/p/${regionCode}/impor`);
    await this.uploadButton.waitFor();
    return this;
  }

  /** Step 1: the source by its visible name ("Data desa"), the file, then upload. */
  async upload(sourceLabel: string, filePath: string): Promise<void> {
    await this.source.selectOption({ label: sourceLabel });
    await this.file.setInputFiles(filePath);
    await this.uploadButton.click();
    await this.mappingSection.waitFor();
  }

  /** Step 2: the select that maps one column of the file ("Kolom <header>"). */
  mappingSelect(header: string): Locator {
    return this.page.getByLabel(`Kolom ${header}`, { exact: true });
  }

  /** The column headings the wizard read from the file, in order. */
  async mappedHeaders(): Promise<string[]> {
    return (await this.mappingSection.getByRole('rowheader').allInnerTexts()).map((s) => s.trim());
  }

  async mapColumn(header: string, fieldLabel: string): Promise<void> {
    await this.mappingSelect(header).selectOption({ label: fieldLabel });
  }

  /** Step 3: starts the dry run and waits for its result. */
  async runDryRun(): Promise<void> {
    await this.dryRunButton.click();
    await this.checkHeading.waitFor();
  }

  /** A count of the result ("Baru", "Ditolak", ...), as a number. */
  async count(label: string): Promise<number> {
    const box = this.page.locator('dl.counts > div').filter({ has: this.page.getByRole('term').filter({ hasText: exactly(label) }) });
    const text = await box.getByRole('definition').innerText();
    return Number(text.trim().replace(/\./g, ''));
  }

  async rejectedRows(): Promise<RejectedRow[]> {
    await this.rejectedTable.locator('tbody tr').first().waitFor();
    return (await rowTexts(this.rejectedTable)).map(([row = '', column = '', value = '', reason = '']) => ({ row, column, value, reason }));
  }

  /** Clicks "Unduh laporan kesalahan" and returns the browser's download and its text. */
  async downloadErrorReport(): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: WAIT_MS }), this.errorReportLink.first().click()]);
    const file = await download.path();
    return { download, text: fs.readFileSync(file, 'utf8') };
  }

  /** Step 4: commits and waits for the outcome. */
  async commit(): Promise<void> {
    await this.commitButton.click();
    await this.committedHeading.waitFor();
  }

  /** The history row of an import, by file name. */
  historyRow(fileName: string): Locator {
    return this.history.getByRole('row').filter({ hasText: fileName });
  }
}

/**
 * The pages of one test file: each opened like openPage, their page errors and console errors
 * gathered in one place for the file's afterEach to assert there were none.
 */
export class PageSet {
  private readonly lists: string[][] = [];

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: () => string,
  ) {}

  async open(opts: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const opened = await openPage(this.browser, this.baseUrl(), opts);
    this.lists.push(opened.problems);
    return opened.page;
  }

  /** Everything the pages reported so far; `clear` starts the next test afresh. */
  problems(): string[] {
    return this.lists.flat();
  }

  clear(): void {
    for (const l of this.lists) l.length = 0;
  }
}
