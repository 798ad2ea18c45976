import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { openBrowser, requireChromium, type BrowserSession } from './browser.js';
import { startFullApp, type FullApp } from './full-app.js';

export interface BrowserApp {
  app: FullApp;
  page: Page;
  browser: BrowserSession;
}

/**
 * The hooks every dashboard test file needs, registered in the calling `describe`: Chromium is
 * required, each test's app and browser are closed after it, and a test that passed still fails
 * on a console error or a CSP refusal seen along the way. `start` opens both on the fake clock.
 */
export function useBrowserApp(): { start(options?: Parameters<typeof startFullApp>[0]): Promise<BrowserApp> } {
  let current: { app?: FullApp; browser?: BrowserSession } = {};

  before(function () {
    requireChromium(this);
  });

  afterEach(async function () {
    const { app, browser } = current;
    current = {};
    const problems = browser?.problems ?? [];
    await browser?.close();
    await app?.close();
    if (this.currentTest?.state === 'passed') expect(problems, 'browser console errors').to.deep.equal([]);
  });

  return {
    async start(options = {}) {
      const app = await startFullApp(options);
      current.app = app;
      const browser = await openBrowser({ fixedTime: app.clock.now() });
      current.browser = browser;
      return { app, page: browser.page, browser };
    },
  };
}
