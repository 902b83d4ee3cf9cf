import type { Page } from 'playwright-core';
import { codesIn, startBrowser, type BrowserHarness } from './support/browser';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  basicResearch,
  buildWorld,
  majorApplication,
  techBreakthrough,
  type World,
} from './support/world';

/**
 * Issue 16, breakages 5 and 6 in a real browser. The office closes the month's batch before its
 * close time and both the collection page and the statistics read the month as closed. Then each
 * role walks every console page it can reach from its worklist (and the public pages), with items
 * in many states, and no page shows an event code, a state key or an enum value.
 */
jest.setTimeout(600_000);

let t: TestApp;
let w: World;
let h: BrowserHarness;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  // Items in many states: a draft, one waiting in the batch, one in scoring, one in the library,
  // one published and one returned.
  await ItemDriver.create(t, w, basicResearch({ title: '草稿中的成果' }));
  const returned = await ItemDriver.create(t, w, majorApplication({ title: '退回修改的成果' }));
  await returned.ok(w.submitter, 'SUBMIT');
  await returned.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充应用证明' });
  await (await ItemDriver.create(t, w, basicResearch({ title: '评审中的成果' }))).toScoring();
  await (await ItemDriver.create(t, w, techBreakthrough({ title: '入库的成果' }))).toLibrary();
  await (await ItemDriver.create(t, w)).toPublished();
  await (await ItemDriver.create(t, w, basicResearch({ title: '待截止的成果' }))).toSubmitted();
  h = await startBrowser(t);
});

afterAll(async () => {
  await h?.close();
  await t?.close();
});

/** Presses a button that may ask to confirm first (a dialog or a confirmation step). */
async function pressConfirming(page: Page, selector: string): Promise<void> {
  // The harness answers yes to the dialog (and records it).
  await page.waitForLoadState('load');
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  if (!/closed=/.test(page.url())) {
    const confirm = page.locator('button:has-text("确认"), button:has-text("确定")').first();
    if (await confirm.count()) {
      await Promise.all([page.waitForEvent('load'), confirm.click()]);
    }
  }
}

it('shows the batch closed on /collection and /stats after the office closes it early', async () => {
  const page = await h.signIn('office');
  await page.click('a[href="/collection"]');
  expect(await page.textContent('body')).not.toContain('状态:已截止');
  await pressConfirming(page, '#close-batch');
  expect(page.url()).toMatch(/closed=1/);
  const body = (await page.textContent('body'))!;
  expect(body).toContain('状态:已截止');
  expect(body).not.toContain('征集中');
  await h.shot(page, 'collection-closed-early');

  await page.goto('/stats?period=2026-11');
  const discipline = (await page.textContent('#discipline'))!;
  expect(discipline).toContain('杭州市科学技术局');
  expect(discipline).not.toContain('未截止');
  expect(discipline).toContain('未报送'); // the university reported nothing before the close
  await h.shot(page, 'stats-discipline-after-close');
});

/** Links on the page worth reading: the console's own pages, not files, exports or sign-out. */
async function linksOf(page: Page): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.filter(
    (href) =>
      href.startsWith('/') &&
      !href.startsWith('/api/') &&
      !/document\.|\.docx|\.html$|\.xlsx|\/export|attachments\/|logout|format=|\.png|\.js$|\.css$/.test(
        href,
      ),
  );
}

/** Visits every page reachable from `start` (up to `limit`), returning the codes each shows. */
async function crawl(page: Page, start: string, limit = 40): Promise<Record<string, string[]>> {
  const seen = new Set<string>();
  const queue = [start];
  const found: Record<string, string[]> = {};
  while (queue.length && seen.size < limit) {
    const path = queue.shift()!;
    const key = path.replace(/#.*$/, '');
    if (seen.has(key)) continue;
    seen.add(key);
    const res = await page.goto(key);
    if (!res || res.status() >= 400) continue;
    const codes = codesIn(await page.innerText('body'));
    if (codes.length) found[key] = codes;
    for (const link of await linksOf(page)) {
      const next = link.replace(/#.*$/, '');
      if (!seen.has(next)) queue.push(next);
    }
  }
  return found;
}

it.each([
  ['office', '/tasks'],
  ['admin-web', '/tasks'],
  ['recommender', '/tasks'],
  ['submitter', '/tasks'],
  ['expert1', '/tasks'],
])('shows %s no code on any page reachable from the worklist', async (who, start) => {
  const page = who === 'admin-web' ? await signInAdmin() : await h.signIn(who);
  const leaks = await crawl(page, start);
  expect(leaks).toEqual({});
  await h.shot(page, `no-codes-${who}`);
});

async function signInAdmin(): Promise<Page> {
  const page = await h.newPage();
  await page.goto('/login');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'Chief-pass-2026!');
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
  return page;
}

it('shows the public no code on any public page', async () => {
  const page = await h.newPage();
  const leaks = await crawl(page, '/public');
  expect(leaks).toEqual({});
  const editions = await crawl(page, '/public/editions', 10);
  expect(editions).toEqual({});
  await h.shot(page, 'no-codes-public');
  // And every page any journey above loaded was read for codes as it loaded.
  await new Promise((r) => setTimeout(r, 500));
  expect(h.leaks).toEqual([]);
});
