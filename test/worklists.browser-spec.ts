import { startBrowser, type BrowserHarness } from './support/browser';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';

/**
 * 我的待办 with more work than one page: the office sees each group's count, the first twenty rows
 * and the next page by its link; a unit reads its worklist on a 390 px phone as labelled cards.
 */
jest.setTimeout(240_000);

let t: TestApp;
let w: World;
let h: BrowserHarness;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  // Setup only: 23 items reported to the office, and one draft left with the unit.
  for (let i = 0; i < 23; i++) {
    const item = await ItemDriver.create(
      t,
      w,
      techBreakthrough({ title: `批量报送成果${String(i + 1).padStart(2, '0')}` }),
    );
    await item.toSubmitted();
  }
  await ItemDriver.create(t, w, techBreakthrough({ title: '手机上查看的草稿成果' }));
  h = await startBrowser(t);
});

afterAll(async () => {
  await h?.close();
  await t?.close();
});

it('the office pages through a group of 23 reported items', async () => {
  const page = await h.signIn('office');
  const batch = page.locator('#tasks-batch');
  expect((await batch.locator('h2 .count').textContent())!.trim()).toBe('23');
  expect(await batch.locator('tbody tr').count()).toBe(20);
  expect(await batch.locator('.pager').textContent()).toContain('第 1–20 项,共 23 项');
  // The whole worklist's total counts every row, not only the rows shown.
  expect(Number((await page.textContent('#task-total'))!.trim())).toBeGreaterThanOrEqual(23);
  await h.shot(page, 'worklist-office-page-1');

  await Promise.all([page.waitForURL(/group=batch&page=2/), batch.locator('a.next').click()]);
  const next = page.locator('#tasks-batch');
  expect(await next.locator('tbody tr').count()).toBe(3);
  expect(await next.locator('.pager').textContent()).toContain('第 21–23 项,共 23 项');
  expect((await next.locator('h2 .count').textContent())!.trim()).toBe('23');
  // The rows of page 2 are the ones page 1 did not show.
  const titles = await next.locator('tbody tr td:first-child a').allTextContents();
  expect(titles).toHaveLength(3);
  await h.shot(page, 'worklist-office-page-2');

  await Promise.all([page.waitForURL(/page=1/), next.locator('a.prev').click()]);
  expect(await page.locator('#tasks-batch tbody tr').count()).toBe(20);
  const first = await page.locator('#tasks-batch tbody tr td:first-child a').allTextContents();
  for (const title of titles) expect(first).not.toContain(title);
});

it('a unit reads its worklist on a 390 px phone', async () => {
  const page = await h.newPage({ width: 390, height: 844 });
  await h.signIn('submitter', page);
  const drafts = page.locator('#tasks-drafts');
  await drafts.locator('text=手机上查看的草稿成果').waitFor();
  // Cards, not a table to scroll sideways: no header row, each cell labelled, nothing wider
  // than the screen.
  expect(await drafts.locator('thead').isVisible()).toBe(false);
  const label = await drafts
    .locator('td[data-label="待办事项"]')
    .first()
    .evaluate(
      (td) =>
        (
          globalThis as unknown as {
            getComputedStyle(el: unknown, pseudo: string): { content: string };
          }
        ).getComputedStyle(td, '::before').content,
    );
  expect(String(label)).toContain('待办事项');
  const row = await drafts.locator('tbody tr').first().boundingBox();
  expect(row!.width).toBeLessThanOrEqual(390);
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await h.shot(page, 'worklist-390px');
});
