import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld } from './support/world';

/**
 * The statistics dashboard in a real browser (Debian's chromium): the six charts arrive drawn by
 * the server as inline SVG, each labelled with its figures, under the console's CSP, and the page
 * loads no chart library (issue 16: at most 300 KB of script per console page).
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

it('shows the six server-drawn charts to the office without a CSP violation or a chart script', async () => {
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
  await page.fill('input[name=password]', 'Heron-Lake-2026!');
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
  const scriptUrls: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scriptUrls.push(new URL(r.url()).pathname);
  });
  await Promise.all([page.waitForURL('**/stats'), page.click('a[href="/stats"]')]);
  await page.waitForLoadState('load');
  expect(await page.locator('.chart svg').count()).toBe(6);
  // Each chart is an image with a text alternative naming it and its figures.
  const labels = await page
    .locator('.chart svg')
    .evaluateAll((svgs) =>
      svgs.map((s) => [
        s.getAttribute('role'),
        s.getAttribute('aria-label'),
        s.querySelector('title')?.textContent,
      ]),
    );
  for (const [role, label, title] of labels) {
    expect(role).toBe('img');
    expect(label).toBeTruthy();
    expect(title).toBe(label);
  }
  // The published item: the funnel draws it in every stage, and says so in words.
  expect(await page.textContent('#chart-funnel')).toContain('发布:1');
  expect(await page.getAttribute('#chart-funnel svg', 'aria-label')).toContain('入库 1');
  await expect(page.locator('#figures-cities caption').textContent()).resolves.toBe(
    '各市入库与发布成果',
  );
  // Scaled to the column, not drawn at zero height.
  expect((await page.locator('#chart-trend svg').boundingBox())!.height).toBeGreaterThan(100);
  await page.screenshot({ path: join(SHOTS, 'stats-dashboard.png'), fullPage: true });
  expect(scriptUrls.filter((u) => /echarts|stats\.js/.test(u))).toEqual([]);
  // What the page's scripts weigh (fetched again: the browser may have them cached from /tasks).
  let bytes = 0;
  for (const url of new Set(scriptUrls))
    bytes += (await (await page.request.get(url)).body()).length;
  expect(bytes).toBeGreaterThan(0);
  expect(bytes).toBeLessThanOrEqual(300 * 1024);
  expect(violations).toEqual([]);
  expect(missing).toEqual([]);
  await context.close();
});
