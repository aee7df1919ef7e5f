// A server and a browser for one describe block, and the pages its tests open: after every test,
// any page error or console error of those pages fails it (PageSet).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { PageSet, launchBrowser } from './browser.ts';
import { startServer, type SekitarServer } from './server.ts';

export interface BrowserSuite {
  /** The running server (set once the block's tests start). */
  readonly server: SekitarServer;
  openPage(opts?: { viewport?: { width: number; height: number } }): Promise<Page>;
}

export function browserSuite(opts: { demoWorkers?: number } = {}): BrowserSuite {
  let server: SekitarServer | undefined;
  let browser: Browser | undefined;
  let pages: PageSet | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(opts), launchBrowser()]);
    pages = new PageSet(browser, () => server!.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(() => {
    expect(pages!.problems()).toEqual([]);
    pages!.clear();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    openPage: (o) => pages!.open(o),
  };
}
