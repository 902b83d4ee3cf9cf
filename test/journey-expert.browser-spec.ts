import type { Page } from 'playwright-core';
import { startBrowser, stateOf, type BrowserHarness } from './support/browser';
import { evaluationHelpers } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  buildWorld,
  scoreSheet,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';

/**
 * The expert's job in a real browser (issue 16, role `expert`): open the item from 待我评分, read
 * the rubric, score with the running total in view, leave and find the draft, submit, revise while
 * others are pending; another expert recuses on the recusal page; the last expert to score lands
 * on their own sheet (not 无权操作) and the first finds the item under 已评 with the outcome and
 * the deadline history — never another expert's name or sheet.
 */
jest.setTimeout(300_000);

let t: TestApp;
let w: World;
let b: BrowserHarness;
let item: ItemDriver;
let spare: Login;
const TITLE = '专家旅程:车规级碳化硅芯片';

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
  item = await ItemDriver.create(t, w, techBreakthrough({ title: TITLE }));
  await item.toScoring();
  // A spare expert joins the pool after the panel was drawn: the replacement for a recusal.
  spare = await evaluationHelpers(
    () => t,
    () => w,
  ).addExpert('expert-spare', '王五', { domains: ['integratedCircuits'] });
  b = await startBrowser(t);
});

afterAll(async () => {
  await b?.close();
  await t?.close();
});

/** Posts the page's form and waits for the page it leads to (HX-Redirect or a 303). */
async function clickAndWaitForLoad(page: Page, selector: string): Promise<void> {
  await page.waitForLoadState('load');
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}

/** Waits until the element's text satisfies the check (the page's script or htmx updates it). */
async function waitForText(page: Page, selector: string, expected: string): Promise<void> {
  let last: string | null = null;
  for (let i = 0; i < 100; i++) {
    last = await page.textContent(selector);
    if (last?.includes(expected)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${selector} shows "${last}", not "${expected}"`);
}

/** A screenshot of an item page; like every shot, it fails when the page shows a code. */
async function itemShot(page: Page, name: string): Promise<void> {
  await b.shot(page, name);
}

async function typeScores(page: Page, values: Record<string, string>): Promise<void> {
  for (const [key, v] of Object.entries(values)) {
    await page.fill(`input[name="scores.${key}"]`, v);
  }
}

it('an expert scores with the rubric and a draft, revises, and keeps their review after the panel closes', async () => {
  const panel = (await item.get()).scoring.panel as string[];
  expect(panel.sort()).toEqual(w.experts.map((e) => e.id).sort());

  // --- expert1 opens the item from 待我评分 ---
  const p1 = await b.signIn('expert1');
  expect(await p1.textContent('#tasks-scoring')).toContain(TITLE);
  await clickAndWaitForLoad(p1, `#tasks-scoring a:has-text("${TITLE}")`);
  expect(await stateOf(p1)).toBe('专家评审');

  // The rubric: each criterion's description and what 90, 75 and 60 mean.
  const rubric = p1.locator('details.rubric[data-criterion=innovation]');
  await rubric.locator('summary').click();
  expect(await rubric.textContent()).toContain('原始创新程度');
  expect(await rubric.textContent()).toContain('90 分');
  expect(await rubric.textContent()).toContain('60 分');
  // Recusal is not a button above the form: only a link to its own page.
  expect(await p1.locator('#workflow-actions button[data-event=RECUSE]').count()).toBe(0);
  expect(await p1.locator('#recuse-link').count()).toBe(1);

  // The running weighted total follows the typing (weights 30/25/20/15/10).
  await typeScores(p1, { innovation: '90', advancement: '80' });
  await waitForText(p1, '#running-total', '47');
  expect(await p1.textContent('#running-filled')).toContain('已填 2/5');
  await typeScores(p1, { significance: '85', benefit: '70' });
  await p1.fill('textarea[name=comment]', '创新点突出,产业化证据较充分');
  // weighted = (90·30 + 80·25 + 85·20 + 70·15) / 100 = 74.5 with maturity still empty.
  await waitForText(p1, '#running-total', '74.5');
  await p1.locator('textarea[name=comment]').blur();
  await waitForText(p1, '#draft-status', '草稿已保存');
  // The draft is on the server, the expert's alone: wait for the last change to be saved.
  const savedDraft = async () =>
    (
      await t
        .http()
        .get(`/api/evaluation/items/${item.id}/draft`)
        .set(w.experts[0].auth)
        .expect(200)
    ).body.draft;
  for (let i = 0; i < 50 && (await savedDraft())?.comment !== '创新点突出,产业化证据较充分'; i++) {
    await p1.waitForTimeout(100);
  }
  expect(await savedDraft()).toMatchObject({
    scores: { innovation: 90, advancement: 80, significance: 85, benefit: 70, maturity: null },
    comment: '创新点突出,产业化证据较充分',
  });
  await itemShot(p1, 'expert-01-scoring-form');

  // --- leaves, comes back in a new browser: the draft is there, saved on the server ---
  const p1b = await b.signIn('expert1');
  await p1b.goto(`/items/${item.id}`);
  expect(await p1b.inputValue('input[name="scores.innovation"]')).toBe('90');
  expect(await p1b.inputValue('input[name="scores.benefit"]')).toBe('70');
  expect(await p1b.inputValue('input[name="scores.maturity"]')).toBe('');
  expect(await p1b.inputValue('textarea[name=comment]')).toBe('创新点突出,产业化证据较充分');
  expect(await p1b.textContent('#draft-status')).toContain('已恢复');
  await waitForText(p1b, '#running-total', '74.5');
  // Nobody else sees the draft: the office reads no sheet yet.
  expect((await item.get()).scoring.scores).toEqual([]);

  await typeScores(p1b, { maturity: '60' });
  await waitForText(p1b, '#running-total', '80.5');
  await clickAndWaitForLoad(p1b, '#scoring-form button[type=submit]');
  expect(await stateOf(p1b)).toBe('专家评审');
  expect(await p1b.textContent('#revise-note')).toContain('80.5');

  // --- revises while the others are pending ---
  expect(await p1b.inputValue('input[name="scores.innovation"]')).toBe('90');
  await typeScores(p1b, { innovation: '95' });
  await waitForText(p1b, '#running-total', '82');
  await itemShot(p1b, 'expert-02-revise');
  await clickAndWaitForLoad(p1b, '#scoring-form button[data-event=REVISE_SCORE]');
  const office = await item.get();
  expect(office.scoring.scores).toEqual([
    expect.objectContaining({ expertId: w.experts[0].id, weighted: 82 }),
  ]);
  expect(await p1b.textContent('#timeline')).toContain('修改评分');

  // --- expert2 recuses through the recusal page, with a reason and a confirmation ---
  const p2 = await b.signIn('expert2');
  await p2.goto(`/items/${item.id}`);
  await clickAndWaitForLoad(p2, '#recuse-link');
  expect(await p2.textContent('h1')).toBe('申请回避');
  expect(await p2.textContent('main')).toContain('什么是回避');
  // Without a reason and the confirmation nothing happens.
  await p2.$eval('#recuse-form', (f) => f.setAttribute('novalidate', ''));
  await clickAndWaitForLoad(p2, '#recuse-form button[type=submit]');
  expect(await p2.textContent('[data-field=reason]')).toContain('请填写回避理由');
  expect(await p2.textContent('[data-field=confirm]')).toContain('请勾选确认');
  expect((await item.get()).scoring.panel).toContain(w.experts[1].id);
  await p2.fill('textarea[name=reason]', '曾与第一完成人合作承担省重点研发项目');
  await p2.check('input[name=confirm]');
  await b.shot(p2, 'expert-03-recusal');
  await p2.$eval('#recuse-form', (f) => f.setAttribute('novalidate', ''));
  await clickAndWaitForLoad(p2, '#recuse-form button[type=submit]');
  expect(p2.url()).toContain('/reviews/mine');
  expect(await p2.textContent('main')).toContain('已回避');
  const afterRecusal = (await item.get()).scoring.panel as string[];
  expect(afterRecusal).not.toContain(w.experts[1].id);
  expect(afterRecusal).toHaveLength(5);

  // --- the remaining experts submit; the last one does it in the browser ---
  const others = afterRecusal.filter((id) => ![w.experts[0].id, w.experts[4].id].includes(id));
  const logins = new Map([...w.experts, spare].map((e) => [e.id, e] as const));
  for (const id of others) {
    await item.ok(logins.get(id)!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(85) } });
  }
  const p5 = await b.signIn('expert5');
  await clickAndWaitForLoad(p5, `#tasks-scoring a:has-text("${TITLE}")`);
  await typeScores(p5, {
    innovation: '88',
    advancement: '88',
    significance: '88',
    benefit: '88',
    maturity: '88',
  });
  await p5.fill('textarea[name=comment]', '同意推荐入库');
  await clickAndWaitForLoad(p5, '#scoring-form button[type=submit]');
  // Breakage 3: the last expert lands on the item with their own sheet, not on 无权操作.
  expect(p5.url()).toContain(`/items/${item.id}`);
  expect(await p5.textContent('main')).not.toContain('无权');
  expect(await stateOf(p5)).toBe('现场核查');
  const sheet5 = await p5.textContent('main');
  expect(sheet5).toContain('同意推荐入库');
  expect(sheet5).toContain('综合得分');
  // Blind review stays blind: no other expert's name or sheet.
  for (const name of ['expert1', 'expert2', 'expert3', 'expert4', '王五']) {
    expect(sheet5).not.toContain(name);
  }
  expect(sheet5).not.toContain('创新点突出');
  await itemShot(p5, 'expert-04-last-sheet');

  // --- expert1 finds the item under 已评, with the outcome and the deadline history ---
  await clickAndWaitForLoad(p1b, 'header nav a[href="/reviews/mine"]');
  const review = p1b.locator(`section.review[data-item="${item.id}"]`);
  expect(await review.textContent()).toContain(TITLE);
  expect(await review.locator('.my-weighted').textContent()).toBe('82');
  expect(await review.locator('.outcome').textContent()).toContain('综合得分');
  expect(await review.locator('.badge').textContent()).toBe('现场核查');
  const seats = await review.locator('table.seat-history').textContent();
  expect(seats).toContain('第 1 轮');
  expect(seats).toContain('系统分配');
  expect(seats).toContain('已评分');
  expect(seats).toContain('2026/11/');
  await b.shot(p1b, 'expert-05-reviewed');
  // And opens it again: their own sheet, nobody else's.
  await clickAndWaitForLoad(p1b, `section.review[data-item="${item.id}"] h2 a`);
  const page1 = (await p1b.textContent('main'))!;
  expect(page1).toContain('创新点突出,产业化证据较充分');
  expect(page1).not.toContain('同意推荐入库');
  for (const name of ['expert2', 'expert3', 'expert4', 'expert5', '王五']) {
    expect(page1).not.toContain(name);
  }
  expect(await p1b.locator('#my-seats').textContent()).toContain('已评分');

  // Every page read at load shows no code.
  expect(b.leaks).toEqual([]);
});
