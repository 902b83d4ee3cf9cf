import type { Page } from 'playwright-core';
import { startBrowser, type BrowserHarness } from './support/browser';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';

/**
 * What every role needs (issue 16), as a unit and a visitor live it in a real browser: the unit
 * hears that its item was returned (the unread count on 通知, the inbox, the link straight to the
 * edit form), later that it entered the library and was published; finds it again with the
 * header search by number and by a word of its title; every console page shows where it is
 * (breadcrumbs); the site has an icon. A visitor searches the public platform and sees how many
 * results there are, the terms highlighted, and a hint when nothing matches.
 */
jest.setTimeout(300_000);

const TITLE = '高性能碳化硅功率芯片';
const REASON = '请补充车规级认证报告与近三年销售数据';

let t: TestApp;
let w: World;
let h: BrowserHarness;
let item: ItemDriver;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
  // Another published item with the same word, so that the public count is more than one; the
  // unit has read what it was told about that one.
  const other = await ItemDriver.create(t, w, techBreakthrough({ title: '碳化硅衬底外延材料' }));
  await other.toPublished();
  await t.http().post('/api/notifications/read-all').set(w.submitter.auth).expect(200);
  item = await ItemDriver.create(t, w, techBreakthrough({ title: TITLE }));
  await item.ok(w.submitter, 'SUBMIT');
  await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: REASON });
  h = await startBrowser(t);
});

afterAll(async () => {
  await h?.close();
  await t?.close();
});

/** The number on 通知 in the header, 0 when there is no badge. */
async function unread(page: Page): Promise<number> {
  const badge = page.locator('header.site a.inbox-link .count');
  return (await badge.count()) ? Number(await badge.innerText()) : 0;
}

async function crumbs(page: Page): Promise<string[]> {
  return page.locator('nav.crumbs li').allInnerTexts();
}

async function headerSearch(page: Page, q: string): Promise<void> {
  await page.fill('header.site .header-search input[name=q]', q);
  await Promise.all([
    page.waitForURL('**/items?q=*'),
    page.click('header.site .header-search button'),
  ]);
}

it('the unit is told of the return, follows the link to the edit form, then hears of the library and publication', async () => {
  const page = await h.signIn('submitter');
  expect(await unread(page)).toBe(1);
  expect(await crumbs(page)).toEqual(['我的待办']);
  await h.shot(page, 'everyone-01-unread-count');

  await page.click('header.site a.inbox-link');
  await page.waitForURL('**/inbox');
  expect(await crumbs(page)).toEqual(['我的待办', '通知']);
  const notice = page.locator('ul.inbox li', { hasText: '【退回修改】' });
  await expect(notice.innerText()).resolves.toContain(`退回理由:${REASON}`);
  await expect(notice.innerText()).resolves.toContain('2026/11/05 10:00');
  await h.shot(page, 'everyone-02-inbox-returned');

  await Promise.all([
    page.waitForURL(`**/items/${item.id}/edit`),
    notice.locator('a.open').click(),
  ]);
  expect(await page.inputValue('input[name=title]')).toBe(TITLE);
  expect(await crumbs(page)).toEqual(['我的待办', '成果列表', '成果详情', '修改成果']);
  // Following the link read the notice.
  expect(await unread(page)).toBe(0);
  await h.shot(page, 'everyone-03-edit-form-from-notice');

  // The item goes on its way (setup through the API), into the library and then public.
  await item.ok(w.submitter, 'RESUBMIT');
  await item.ok(w.recommender, 'RECOMMEND');
  await item.ok(w.office, 'BATCH_CLOSE');
  await item.ok(w.office, 'PASS_ELIGIBILITY');
  await item.score([90, 88, 85, 80, 92]);
  await item.ok(w.office, 'CONFIRM_VERIFICATION');
  await page.goto('/tasks');
  expect(await unread(page)).toBe(1);
  await item.ok(w.office, 'PUBLISH');
  await page.goto('/tasks');
  expect(await unread(page)).toBe(2);
  await page.click('header.site a.inbox-link');
  await page.waitForURL('**/inbox');
  const inbox = await page.locator('ul.inbox').innerText();
  expect(inbox).toContain(`【已入库】《${TITLE}》已入选省重大科技成果库`);
  expect(inbox).toContain(`【已发布】《${TITLE}》已向社会公开发布`);
  await h.shot(page, 'everyone-04-inbox-library-published');
});

it('the header search finds the item by its number and by a word of its title, within what the user may see', async () => {
  const page = await h.signIn('submitter');
  await page.goto(`/items/${item.id}`);
  expect(await crumbs(page)).toEqual(['我的待办', '成果列表', TITLE]);
  const number = (await page.locator('dd.item-number').innerText()).trim();
  expect(number).toBe(item.id.slice(0, 8));

  await headerSearch(page, number);
  expect(await page.locator(`main a[href="/items/${item.id}"]`).count()).toBeGreaterThan(0);
  expect(await page.locator('main').innerText()).not.toContain('碳化硅衬底外延材料');
  await h.shot(page, 'everyone-05-search-by-number');

  await headerSearch(page, '碳化硅');
  expect(await page.locator(`main a[href="/items/${item.id}"]`).count()).toBeGreaterThan(0);
  await h.shot(page, 'everyone-06-search-by-title');

  // A unit in another city sees nothing of Hangzhou's item through the search.
  const other = await h.signIn('nb-submitter');
  await headerSearch(other, '碳化硅');
  expect(await other.locator(`main a[href="/items/${item.id}"]`).count()).toBe(0);
});

it('every console page has breadcrumbs, and the site icon loads from the app', async () => {
  const page = await h.signIn('office');
  for (const [path, trail] of [
    ['/tasks', ['我的待办']],
    ['/items', ['我的待办', '成果列表']],
    ['/library', ['我的待办', '成果库']],
    ['/review', ['我的待办', '评审分配审核']],
    ['/audit', ['我的待办', '审计查询']],
    ['/editions', ['我的待办', '刊期管理']],
  ] as const) {
    await page.goto(path);
    expect(await crumbs(page)).toEqual(trail);
  }
  const href = await page.getAttribute('link[rel=icon]', 'href');
  expect(href).toBe('/assets/favicon.svg');
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\//);
  // The browser itself can draw it.
  // The browser itself can draw it (a string: the test's types have no DOM).
  const width = await page.evaluate<number>(
    `(async () => { const img = new Image(); img.src = ${JSON.stringify(href)}; await img.decode(); return img.naturalWidth; })()`,
  );
  expect(width).toBeGreaterThan(0);
});

it('a visitor sees the result count, the terms highlighted, and a hint when nothing matches', async () => {
  const page = await h.newPage();
  await page.goto('/public');
  await page.fill('form.filters input[name=q]', '碳化硅');
  await Promise.all([
    page.waitForURL('**/public?*'),
    page.click('form.filters button[type=submit]'),
  ]);
  expect(await page.locator('.result-count').innerText()).toContain('共 2 项');
  const marks = await page.locator('ol.results h2 mark').allInnerTexts();
  expect(marks).toEqual(['碳化硅', '碳化硅']);
  await h.shot(page, 'everyone-07-public-highlighted');

  await page.fill('form.filters input[name=q]', '<b>量子</b>引力波');
  await Promise.all([
    page.waitForURL('**/public?*'),
    page.click('form.filters button[type=submit]'),
  ]);
  expect(await page.locator('.result-count').innerText()).toContain('共 0 项');
  const hint = page.locator('.no-results');
  expect(await hint.innerText()).toContain('没有找到与「<b>量子</b>引力波」相符的已发布成果');
  expect(await hint.innerText()).toContain('检查关键词是否有错别字');
  expect(await hint.locator('b').count()).toBe(0); // the query is text, never markup
  expect(await hint.locator('a[href^="/public?domain="]').count()).toBeGreaterThan(0);
  await h.shot(page, 'everyone-08-public-no-results');
});
