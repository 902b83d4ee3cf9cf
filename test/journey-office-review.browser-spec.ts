import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowser, submitAndWaitForNextPage, type BrowserHarness } from './support/browser';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  WORLD_DOMAINS,
  addUser,
  buildWorld,
  techBreakthrough,
  type World,
} from './support/world';

/**
 * The recommender's and the office's batch work in a real browser, each from login in the order
 * they do it: the recommender recommends two items and returns one in bulk; the office closes the
 * batch, reads each rule's result, passes all at once, reads the summary, changes a panel (and is
 * refused a conflicted expert), then searches the audit trail and exports what it found.
 */
jest.setTimeout(240_000);

let t: TestApp;
let w: World;
let h: BrowserHarness;
let doubtful: ItemDriver;
const titles = ['批量旅程甲', '批量旅程乙', '批量旅程丙'];

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
  for (const title of titles) {
    await (await ItemDriver.create(t, w, techBreakthrough({ title }))).ok(w.submitter, 'SUBMIT');
  }
  // Recommended earlier: its industrialisation evidence names no product or sales.
  doubtful = await ItemDriver.create(
    t,
    w,
    techBreakthrough({
      title: '批量旅程存疑',
      evidence: { replaces: '进口高端轴承', industrialization: '正在推进中' },
    }),
  );
  await doubtful.toSubmitted();
  // A sixth expert, so that a panel of five leaves one to pick from.
  const inst = (
    await t
      .http()
      .post('/api/organizations')
      .set(w.admin.auth)
      .send({ name: '某某研究院备选', type: 'researchInstitute', city: '杭州' })
      .expect(201)
  ).body as { id: string };
  const reserve = await addUser(t, w.securityAdmin, 'expert6', inst.id, ['expert']);
  await t
    .http()
    .put(`/api/experts/${reserve.id}/profile`)
    .set(w.admin.auth)
    .send({ domains: WORLD_DOMAINS, title: '研究员', declaredConflicts: [], active: true })
    .expect(200);
  h = await startBrowser(t);
}, 180_000);

afterAll(async () => {
  await h?.close();
  await t?.close();
});

afterEach(() => {
  expect(h.leaks).toEqual([]);
});

const rowOf = (page: Page, title: string) =>
  page.locator('#bulk-form tbody tr', { hasText: title }).locator('input[name=ids]');

it('the recommender recommends two and returns one in bulk, and sees what they did this period', async () => {
  const page = await h.signIn('recommender');
  await page.click('#tasks-recommend a[href="/recommend"]');
  expect(await page.locator('#bulk-form tbody tr').count()).toBe(3);
  await rowOf(page, titles[0]).check();
  await rowOf(page, titles[1]).check();
  await submitAndWaitForNextPage(page, '#bulk-recommend');
  const summary = await page.textContent('#bulk-summary');
  expect(summary).toContain('批量择优推荐结果:成功 2 项,未成功 0 项');
  expect(summary).toContain(titles[0]);
  expect(await page.locator('#bulk-form tbody tr').count()).toBe(1);
  await h.shot(page, 'recommender-bulk-recommended');

  // A return without a reason is refused beside the field, with nothing sent.
  await rowOf(page, titles[2]).check();
  await submitAndWaitForNextPage(page, '#bulk-return');
  expect(await page.textContent('.field-error[data-field=reason]')).toContain('须填写理由');
  await rowOf(page, titles[2]).check();
  await page.fill('#bulk-form textarea[name=reason]', '请补充产业化证据');
  await submitAndWaitForNextPage(page, '#bulk-return');
  expect(await page.textContent('#bulk-summary')).toContain('批量退回修改结果:成功 1 项');

  const decided = (await page.textContent('#recommend-decided'))!;
  expect(decided).toContain('本期(2026-11 批次)已处理');
  expect(decided).toMatch(new RegExp(`${titles[0]}\\s*择优推荐[\\s\\S]*已报送`));
  expect(decided).toMatch(new RegExp(`${titles[2]}\\s*退回修改[\\s\\S]*请补充产业化证据`));
  await h.shot(page, 'recommender-bulk-returned');
});

it('the office reads the rules, passes all at once, reads the summary and changes a panel', async () => {
  const page = await h.signIn('office');
  await page.click('nav >> text=征集情况');
  await Promise.all([page.waitForURL(/closed=3/), page.click('#close-batch')]);

  await page.click('nav >> text=评审分配');
  const rules = (await page.textContent(`#eligibility-${doubtful.id}`))!;
  expect(rules).toContain('需人工判断');
  expect(rules).toContain('产业化证据未说明产品、客户、销售额或产量');
  expect(rules).toContain('通过 知识产权权属已声明且无争议');
  await h.shot(page, 'office-review-rules');

  await page.check('#select-all');
  expect(await page.locator('#batch-pass-form input[name=ids]:checked').count()).toBe(3);
  await submitAndWaitForNextPage(page, '#batch-pass');
  const summary = (await page.textContent('#batch-summary'))!;
  expect(summary).toContain('通过 2 项,未通过 1 项;组建专家组 2 个(满员 2 个)');
  expect(summary).toMatch(/批量旅程存疑:未通过——.*产业化证据未说明/);
  await h.shot(page, 'office-review-summary');

  // The panel shows each expert's fields; a conflicted pick is refused in words.
  const card = page.locator('article.panel-review', { hasText: titles[0] });
  expect(await card.locator('.expert-fields').first().textContent()).toContain('集成电路');
  const form = card.locator('form.panel-change-form');
  await form.locator('select[name=op]').selectOption('replace');
  await form.locator('select[name=member]').selectOption({ index: 1 });
  const leaving = (await form.locator('select[name=member] option').nth(1).textContent())!;
  // The candidate is picked from the page's one list of the pool, which the field suggests from.
  expect(await form.locator('input[name=candidate]').getAttribute('list')).toBe('expert-pool');
  const pool = page.locator('datalist#expert-pool option');
  // Someone outside the card's panel (the list is the whole pool; the panel's own are refused).
  const poolPick = async (prefix: string) => {
    const labels = await pool.allTextContents();
    const seated = await page
      .locator('article.panel-review', { hasText: titles[0] })
      .locator('tr.seat')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-expert')));
    const ids = await pool.evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    const at = labels.findIndex((o, i) => o.startsWith(prefix) && !seated.includes(ids[i]));
    expect(at).toBeGreaterThanOrEqual(0);
    return { label: labels[at], id: ids[at]! };
  };
  await form.locator('input[name=candidate]').fill((await poolPick('own-expert')).id);
  await form.locator('input[name=reason]').fill('专业更对口');
  await submitAndWaitForNextPage(
    page,
    `article.panel-review:has-text("${titles[0]}") button.panel-change`,
  );
  const refused = page
    .locator('article.panel-review', { hasText: titles[0] })
    .locator('[id^=panel-errors-]');
  expect(await refused.textContent()).toContain(
    '以下专家与该成果存在利益冲突,须先由工作人员认定为误报:own-expert(专家所在单位是成果申报单位',
  );
  await h.shot(page, 'office-panel-conflict-refused');

  const again = page
    .locator('article.panel-review', { hasText: titles[0] })
    .locator('form.panel-change-form');
  await again.locator('select[name=member]').selectOption({ label: leaving });
  const { label: pick, id: pickId } = await poolPick('expert');
  await again.locator('input[name=candidate]').fill(pickId);
  await again.locator('input[name=reason]').fill('专业更对口');
  await submitAndWaitForNextPage(
    page,
    `article.panel-review:has-text("${titles[0]}") button.panel-change`,
  );
  expect(await page.textContent('#panel-changed')).toContain('评审专家组已调整');
  const seats = await page
    .locator('article.panel-review', { hasText: titles[0] })
    .locator('tr.seat')
    .allTextContents();
  expect(seats.join('|')).toContain(pick.split('(')[0]);
  await h.shot(page, 'office-panel-changed');
});

it('the office searches the audit by person, event and date, and exports the result', async () => {
  const page = await h.signIn('office');
  await page.click('nav >> text=审计查询');
  await page.fill('#audit-filters input[name=person]', 'recommender');
  await page.selectOption('#audit-filters select[name=event]', { label: '择优推荐' });
  await page.fill('#audit-filters input[name=from]', '2026-11-05');
  await page.fill('#audit-filters input[name=to]', '2026-11-05');
  await submitAndWaitForNextPage(page, '#audit-filters button[type=submit]');
  const rows = await page.locator('#audit-rows tbody tr').allTextContents();
  // The two bulk recommendations and the earlier one, each by the recommender.
  expect(rows).toHaveLength(3);
  for (const row of rows) expect(row).toMatch(/recommender.*择优推荐/);
  expect(rows.join('|')).toContain(titles[0]);
  await h.shot(page, 'office-audit-search');

  // The day before in Beijing time has none of them.
  await page.fill('#audit-filters input[name=from]', '2026-11-04');
  await page.fill('#audit-filters input[name=to]', '2026-11-04');
  await submitAndWaitForNextPage(page, '#audit-filters button[type=submit]');
  expect(await page.locator('#audit-rows tbody tr').count()).toBe(0);
  await page.fill('#audit-filters input[name=to]', '2026-11-05');
  await submitAndWaitForNextPage(page, '#audit-filters button[type=submit]');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('时间,成果编号,成果名称,序号,操作人,角色,操作,原状态,新状态,意见');
  expect(lines).toHaveLength(4);
  expect(lines[1]).toMatch(/^2026\/11\/05 10:00,[0-9a-f]{8},批量旅程/);
  expect(csv).toContain('推荐单位');
  expect(csv).not.toMatch(/[A-Z]{3,}_[A-Z_]+|\b[a-z]+(?:[A-Z][a-z0-9]+)+\b/);
});
