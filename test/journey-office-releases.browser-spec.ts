import type { Page } from 'playwright-core';
import { AuditEvent } from '../src/workflow/audit-event.entity';
import { reportInstanceId } from '../src/stats/ranking-report.definition';
import { startBrowser, submitAndWaitForNextPage, type BrowserHarness } from './support/browser';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, addSecondOffice, buildWorld, techBreakthrough } from './support/world';

/**
 * The office's statistics and releases, in a real browser, in the order office staff do them:
 * office1 narrows the dashboard with drop-downs (a typo cannot give zeros: the server refuses an
 * unknown value), drafts the third quarter's ranking report (通报), previews it, and issues it
 * after a confirmation; then writes the blurbs of a monthly edition and saves them in one go,
 * previews the edition as the printed report, and submits it for review. Four eyes: office1
 * cannot issue what they submitted, and the page says so; office2 issues it. The audit's rows
 * of the edition lead back to its page.
 */
jest.setTimeout(300_000);

let t: TestApp;
let b: BrowserHarness;

beforeAll(async () => {
  // Three items reach the library in the third quarter; the journey happens in November.
  t = await createTestApp({ now: new Date('2026-09-10T10:00:00+08:00') });
  const w = await buildWorld(t);
  await addSecondOffice(t, w);
  for (const body of [
    techBreakthrough({ title: '碳化硅功率芯片' }),
    techBreakthrough({ title: '高性能聚合物隔膜', domain: 'advancedPolymers' }),
    techBreakthrough({ title: '超精密光学加工装备', domain: 'intelligentManufacturing' }),
  ]) {
    await (await ItemDriver.create(t, w, body)).toLibrary();
  }
  t.clock.set(new Date('2026-11-05T10:00:00+08:00'));
  b = await startBrowser(t);
});

afterAll(async () => {
  await b?.close();
  await t?.close();
});

/** Clicks a link that opens a new tab and returns that tab, loaded. */
async function openedTab(page: Page, selector: string): Promise<Page> {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.click(selector)]);
  await tab.waitForLoadState('load');
  return tab;
}

/** A computed style property of the first element matching the selector (the DOM's own types are not in this build). */
const styleOf = (page: Page, selector: string, property: string) =>
  page.$eval(
    selector,
    (el, prop) =>
      (
        globalThis as unknown as {
          getComputedStyle(node: unknown): Record<string, string>;
        }
      ).getComputedStyle(el)[prop],
    property,
  );

const metric = async (page: Page, key: string) =>
  Number(await page.textContent(`#stats-totals td[data-metric=${key}]`));

it('office1 filters the figures, issues the ranking report and submits an edition; office2 issues it', async () => {
  const page = await b.signIn('office');

  // ---- statistics: every filter is a drop-down from the reference data ----------------------
  await page.click('nav a[href="/stats"]');
  for (const name of ['period', 'city', 'domain', 'category']) {
    expect(await page.getAttribute(`#stats-filters [name=${name}]`, 'name')).toBe(name);
    expect(await page.$eval(`#stats-filters [name=${name}]`, (el) => el.tagName)).toBe('SELECT');
  }
  const domains = await page.$$eval('#stats-filters select[name=domain] option', (os) =>
    os.map((o) => o.textContent),
  );
  expect(domains).toContain('集成电路');
  await page.selectOption('#stats-filters select[name=period]', '2026-Q3');
  await page.selectOption('#stats-filters select[name=city]', '杭州');
  await submitAndWaitForNextPage(page, '#stats-filters button[type=submit]');
  expect(await metric(page, 'inLibrary')).toBe(3);
  await page.selectOption('#stats-filters select[name=domain]', 'integratedCircuits');
  await submitAndWaitForNextPage(page, '#stats-filters button[type=submit]');
  expect(await metric(page, 'inLibrary')).toBe(1);
  expect(await page.inputValue('#stats-filters select[name=city]')).toBe('杭州');
  await b.shot(page, 'journey-office-stats-filters');

  // A typed address with a typo is refused in words, not answered with zeros.
  const typo = await page.goto('/stats?period=2026-Q3&city=杭洲');
  expect(typo!.status()).toBe(400);
  expect(await page.textContent('main')).toContain('没有名为「杭洲」的设区市');
  const badField = await page.goto('/stats?domain=chips');
  expect(badField!.status()).toBe(400);
  expect(await page.textContent('main')).toContain('「chips」不是“315”科技创新体系中的领域');

  // ---- the ranking report: draft, preview, issue (with a confirmation) ----------------------
  await page.goto('/stats?period=2026-Q3');
  await page.selectOption('#draft-report select[name=period]', '2026-Q3');
  await submitAndWaitForNextPage(page, '#draft-report button[type=submit]');
  const q3 = '#reports li[data-period="2026-Q3"]';
  expect(await page.textContent(`${q3} .badge`)).toBe('草稿');
  expect(await page.textContent('#stats-message')).toContain('通报草稿已生成');

  const preview = await openedTab(page, `${q3} a.preview-report`);
  expect(await preview.textContent('h1')).toBe('2026年第三季度重大科技成果工作通报');
  expect(await preview.textContent('body')).toContain('草稿(未印发)');
  // Styled: bordered, collapsed tables in a centred column, not the browser's bare defaults.
  expect(await styleOf(preview, 'table', 'borderCollapse')).toBe('collapse');
  await b.shot(preview, 'journey-office-report-preview');
  await preview.close();

  // Dismissing the confirmation leaves the draft as it was.
  const asked = b.dialogs.length;
  b.dismissNextDialog(page);
  await page.click(`${q3} button.issue-report`);
  expect(b.dialogs[asked].message).toContain('不能再修改');
  await page.reload();
  expect(await page.textContent(`${q3} .badge`)).toBe('草稿');

  // The harness answers yes to the confirmation this time.
  await submitAndWaitForNextPage(page, `${q3} button.issue-report`);
  expect(await page.textContent(`${q3} .badge`)).toBe('已印发');
  expect(await page.getAttribute(`${q3} a[href$="report.docx"]`, 'href')).toContain('/stats/');
  await b.shot(page, 'journey-office-report-issued');
  // Through the report's machine: the draft and the issue are audit rows naming office1.
  const rows = await t.orm.em
    .fork()
    .find(AuditEvent, { instance: reportInstanceId('2026-Q3') }, { orderBy: { seq: 'asc' } });
  expect(rows.map((r) => [r.eventType, r.toState, r.actorRole])).toEqual([
    ['CREATE', 'draft', 'officeStaff'],
    ['ISSUE', 'issued', 'officeStaff'],
  ]);

  // ---- a monthly edition: all blurbs in one save, the styled preview, review ----------------
  await page.goto('/editions');
  await page.selectOption('#create-edition select[name=kind]', 'monthly');
  await page.fill('#create-edition input[name=period]', '2026-11');
  await submitAndWaitForNextPage(page, '#create-edition button[type=submit]');
  const blurbs = page.locator('#edition-items textarea[name^=blurb-]');
  expect(await blurbs.count()).toBe(3);
  const written = ['打破国外垄断的车规级芯片', '自主可控的关键隔膜材料', '国之重器的核心光学部件'];
  for (let i = 0; i < written.length; i++) await blurbs.nth(i).fill(written[i]);
  // One button saves them all: no edit is lost to another item's save.
  expect(await page.locator('#edition-blurbs button[type=submit]').count()).toBe(1);
  await submitAndWaitForNextPage(page, '#save-blurbs');
  expect(await page.textContent('p.notice')).toContain('推介语已全部保存');
  for (let i = 0; i < written.length; i++) {
    expect(await blurbs.nth(i).inputValue()).toBe(written[i]);
  }

  const edition = await openedTab(page, '#preview-html');
  // The header block (版头): the report's name as its masthead, the office and date under it.
  expect(await edition.textContent('h1')).toBe('重大科技成果月报');
  expect(await edition.textContent('.masthead-line')).toContain('浙江省科学技术厅编');
  expect(await edition.textContent('body')).toContain('自主可控的关键隔膜材料');
  // The printed report's look, from the site's own stylesheet: a red masthead on an A4 column.
  expect(await styleOf(edition, 'h1', 'color')).toBe('rgb(204, 0, 0)');
  expect(await styleOf(edition, 'body', 'maxWidth')).not.toBe('none');
  await b.shot(edition, 'journey-office-edition-preview');
  await edition.close();

  await page.fill('#distribution textarea[name=distributionList]', '省委办公厅\n省政府办公厅');
  await submitAndWaitForNextPage(page, '#distribution button[type=submit]');
  await submitAndWaitForNextPage(page, '#submit-edition');
  expect(await page.textContent('h1 .badge')).toBe('审核中');

  // Four eyes: office1 submitted it, so office1 cannot issue it, and is told why.
  expect(await page.locator('#issue-edition').count()).toBe(0);
  expect(await page.textContent('#four-eyes')).toContain('须由另一位成果处工作人员签发');
  await b.shot(page, 'journey-office-edition-four-eyes');
  const editionUrl = new URL(page.url()).pathname;

  // ---- office2 issues it ---------------------------------------------------------------------
  const colleague = await b.signIn('office2');
  await colleague.goto('/editions');
  await submitAndWaitForNextPage(colleague, `#editions a[href="${editionUrl}"]`);
  expect(await colleague.locator('#four-eyes').count()).toBe(0);
  const before = b.dialogs.length;
  await submitAndWaitForNextPage(colleague, '#issue-edition');
  expect(b.dialogs.slice(before).map((d) => d.message)).toEqual([
    expect.stringContaining('确定签发'),
  ]);
  expect(await colleague.textContent('h1 .badge')).toBe('已签发');
  expect(await colleague.textContent('p.meta')).toContain('由 office2 签发');
  await b.shot(colleague, 'journey-office-edition-issued');

  // ---- the audit names the edition and leads to it ----------------------------------------
  // The office reads the history on /audit: the edition's rows say 「月报 N期」 and link to the
  // edition's own page, the one office2 just issued.
  await page.goto('/audit');
  const editionRow = page
    .locator('#audit-rows tbody tr', { hasText: /月报 \d{4}年第\d+期/ })
    .first();
  const objectCell = (await editionRow.locator('td').nth(1).textContent())!;
  const number = /月报 (\d{4}年第\d+期)/.exec(objectCell)![1];
  await Promise.all([
    page.waitForEvent('load'),
    editionRow.locator('td').nth(1).locator('a').click(),
  ]);
  expect(new URL(page.url()).pathname).toBe(editionUrl);
  const heading = (await page.textContent('h1'))!;
  expect(heading).toContain(`${number} 月报`);
  expect(await page.textContent('h1 .badge')).toBe('已签发');

  expect(b.leaks).toEqual([]);
});
