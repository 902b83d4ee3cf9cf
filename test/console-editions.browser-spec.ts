import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, addSecondOffice, buildWorld, techBreakthrough } from './support/world';

/**
 * The office curates and issues a monthly edition in a real browser; the edition then shows on
 * the public platform with a working Word download.
 */
const PASSWORD = 'Heron-Lake-2026!';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

jest.setTimeout(180_000);

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let base: string;
let item: ItemDriver;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  const w = await buildWorld(t);
  // Four eyes: the office member who submits an edition for review is not the one who issues it.
  await addSecondOffice(t, w);
  item = await ItemDriver.create(t, w, techBreakthrough({ title: '碳化硅功率芯片' }));
  await item.toLibrary();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  base = `http://127.0.0.1:${port}`;
  context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

async function submitAndWaitForNextPage(page: Page, button: string) {
  await page.waitForLoadState('load');
  await Promise.all([page.waitForEvent('load'), page.click(button)]);
}

it('the office issues a monthly edition that appears on the public platform', async () => {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/login');
  await page.fill('input[name=username]', 'office');
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);

  await page.goto('/editions');
  await page.selectOption('select[name=kind]', 'monthly');
  await page.fill('input[name=period]', '2026-11');
  await submitAndWaitForNextPage(page, '#create-edition button[type=submit]');
  expect(await page.textContent('h1')).toContain('2026');

  // The draft proposes the library's items; the office edits the blurb before issuing.
  expect(await page.textContent('#edition-items')).toContain('碳化硅功率芯片');
  await page.fill('#edition-items textarea[name^=blurb-]', '打破国外垄断的车规级芯片');
  await submitAndWaitForNextPage(page, '#save-blurbs');
  expect(await page.inputValue('#edition-items textarea[name^=blurb-]')).toBe(
    '打破国外垄断的车规级芯片',
  );

  await page.fill('#distribution textarea[name=distributionList]', '省委办公厅\n省政府办公厅');
  await submitAndWaitForNextPage(page, '#distribution button[type=submit]');
  await submitAndWaitForNextPage(page, '#submit-edition');
  expect(await page.textContent('h1 .badge')).toBe('审核中');
  const editionUrl = page.url();

  // A colleague issues it, confirming the step.
  const colleague = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  const other = await colleague.newPage();
  other.setDefaultTimeout(20_000);
  await other.goto('/login');
  await other.fill('input[name=username]', 'office2');
  await other.fill('input[name=password]', PASSWORD);
  await Promise.all([other.waitForURL('**/tasks'), other.click('button[type=submit].primary')]);
  await other.goto(editionUrl);
  // 签发 asks first (data-confirm); the colleague answers yes, and the question names the consequence.
  const otherAsked: string[] = [];
  other.on('dialog', (dialog) => {
    otherAsked.push(dialog.message());
    void dialog.accept();
  });
  await submitAndWaitForNextPage(other, '#issue-edition');
  expect(otherAsked).toEqual([expect.stringContaining('签发后本期刊物即正式发布')]);
  expect(await other.textContent('h1 .badge')).toBe('已签发');
  await colleague.close();

  await page.goto('/public');
  expect(await page.textContent('main')).toContain('碳化硅功率芯片');
  await page.goto('/public/editions');
  await submitAndWaitForNextPage(page, '#public-editions h2 a');
  const href = (await page.getAttribute('#download-docx', 'href'))!;
  const docx = await context.request.get(href);
  expect(docx.status()).toBe(200);
  expect(docx.headers()['content-type']).toContain(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
});
