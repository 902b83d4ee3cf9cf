import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './test-app';

/**
 * The browser tier's shared parts: Debian's chromium through playwright-core, sign-in through the
 * login form, screenshots under test-artifacts/, and the check that no page shows a person an
 * event code, a state key or an enum value (issue 16: "English codes leak").
 */
export const PASSWORD = 'Heron-Lake-2026!';
export const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Event codes such as VERIFICATION_TEAM_FORMED. */
const EVENT_CODE = /\b[A-Z]{3,}_[A-Z_]+\b/g;
/** camelCase keys such as internationalAdvanced or techBreakthrough. */
const CAMEL_CASE = /\b[a-z]+(?:[A-Z][a-z0-9]+)+\b/g;
/** Words people do read in camelCase (product names); nothing of ours. */
const CAMEL_ALLOWED = new Set<string>(['iPhone', 'macOS', 'iOS']);

/** The codes found in a page's visible text (document.body.innerText, so not in attributes). */
export function codesIn(text: string): string[] {
  const found = [...(text.match(EVENT_CODE) ?? []), ...(text.match(CAMEL_CASE) ?? [])];
  return [...new Set(found.filter((w) => !CAMEL_ALLOWED.has(w)))];
}

export interface BrowserHarness {
  base: string;
  browser: Browser;
  /** A fresh context (cookies of its own) and page. */
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  /** Signs in through the form and lands on the worklist; `reuse` signs in on an existing page. */
  signIn(username: string, reuse?: Page): Promise<Page>;
  /** A full-page screenshot under test-artifacts/screenshots, after the leak check. */
  shot(page: Page, name: string): Promise<void>;
  /** Fails when the page's visible text shows a code (also done by every shot). */
  assertNoCodes(page: Page): Promise<void>;
  /** Every page visited whose visible text showed a code, read at each load. */
  leaks: { url: string; codes: string[] }[];
  /** Every confirm/alert a page asked, in order; each is accepted (the person says yes) unless… */
  dialogs: { url: string; type: string; message: string }[];
  /** …the page's next question is to be answered no (the person cancels). */
  dismissNextDialog(page: Page): void;
  close(): Promise<void>;
}

/** Starts the test app's HTTP server on an ephemeral port and a chromium driving it. */
export async function startBrowser(t: TestApp): Promise<BrowserHarness> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  mkdirSync(SHOTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  const leaks: { url: string; codes: string[] }[] = [];
  const dialogs: { url: string; type: string; message: string }[] = [];
  const dismissNext = new Set<Page>();

  const visibleText = (page: Page) => page.innerText('body', { timeout: 5_000 });

  const harness: BrowserHarness = {
    base,
    browser,
    leaks,
    dialogs,
    dismissNextDialog(page) {
      dismissNext.add(page);
    },
    async newPage(options) {
      const context = await browser.newContext({
        baseURL: base,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: options?.width
          ? { width: options.width, height: options.height ?? 844 }
          : undefined,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      // Irreversible actions ask first (data-confirm); the journeys answer yes and may read the question.
      page.on('dialog', (dialog) => {
        dialogs.push({ url: page.url(), type: dialog.type(), message: dialog.message() });
        void (dismissNext.delete(page) ? dialog.dismiss() : dialog.accept());
      });
      // Every page a journey loads is read for codes; a page left before it could be read is
      // skipped here (the shots check strictly).
      page.on('load', () => {
        const url = page.url();
        visibleText(page).then(
          (text) => {
            const codes = codesIn(text);
            if (codes.length) leaks.push({ url, codes });
          },
          () => undefined,
        );
      });
      return page;
    },
    async signIn(username, reuse) {
      const page = reuse ?? (await harness.newPage());
      await page.goto('/login');
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', PASSWORD);
      await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
      return page;
    },
    async assertNoCodes(page) {
      const codes = codesIn(await visibleText(page));
      if (codes.length) throw new Error(`${page.url()} shows codes: ${codes.join(', ')}`);
    },
    async shot(page, name) {
      await harness.assertNoCodes(page);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
  return harness;
}

/**
 * Posts a form that redirects back to the same URL. The current page must have finished loading
 * first: otherwise its own late `load` event (slow on a loaded CI machine) is taken for the next
 * page's, and the test reads the page from before the post.
 */
export async function submitAndWaitForNextPage(page: Page, button: string): Promise<void> {
  await page.waitForLoadState('load');
  await Promise.all([page.waitForEvent('load'), page.click(button)]);
}

/** The state badge of the item page's heading. */
export async function stateOf(page: Page): Promise<string> {
  return (await page.textContent('h1 .badge'))!.trim();
}
