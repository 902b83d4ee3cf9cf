import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld } from './support/world';

/**
 * The statistics dashboard in a real browser (Debian's chromium): ECharts loads from the app
 * under the console's CSP and draws the five charts from the options in the page.
 */
const SHOTS = join(__dirname, '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

jest.setTimeout(180_000);

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  const w = await buildWorld(t);
  await (await ItemDriver.create(t, w)).toPublished();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('draws the six charts for the office without a CSP violation', async () => {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    // The browser's own favicon request 404s; what matters is the script and style policy.
    if (m.type() === 'error' && !m.text().includes('404')) violations.push(m.text());
  });
  const missing: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404 && !r.url().endsWith('/favicon.ico')) missing.push(r.url());
  });
  await page.goto('/login');
  await page.fill('input[name=username]', 'office');
  await page.fill('input[name=password]', 'Test-pass-2026!');
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
  await page.click('a[href="/stats"]');
  await page.waitForSelector('body[data-charts="6"]');
  expect(await page.locator('.chart svg').count()).toBe(6);
  expect(await page.textContent('#chart-funnel')).toContain('发布');
  await page.screenshot({ path: join(SHOTS, 'stats-dashboard.png'), fullPage: true });
  expect(violations).toEqual([]);
  expect(missing).toEqual([]);
  await context.close();
});
