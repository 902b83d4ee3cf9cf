import type { Page } from 'playwright-core';
import { PASSWORD, startBrowser, type BrowserHarness } from './support/browser';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, type World } from './support/world';

/**
 * 成果转化 through the console only (setup of the published item through the API): the unit
 * publishes a transfer offer; a partner registers on the public site, waits, is approved by the
 * office, finds the item by search and asks; the unit accepts and schedules a meeting, both see
 * it, and the deal is recorded.
 */
jest.setTimeout(240_000);

let t: TestApp;
let w: World;
let b: BrowserHarness;
let itemId: string;
let requestUrl: string;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
  const item = await ItemDriver.create(t, w);
  await item.toPublished();
  itemId = item.id;
  b = await startBrowser(t);
});

afterAll(async () => {
  await b?.close();
  await t?.close();
});

async function submit(page: Page, selector: string, url: string | RegExp) {
  await Promise.all([page.waitForURL(url), page.click(selector)]);
}

it('the unit publishes a transfer offer on its published item', async () => {
  const page = await b.signIn('submitter');
  await submit(page, 'nav a:has-text("转化意向")', '**/transfer/offers');
  await submit(page, `a[href="/transfer/offers/${itemId}"]`, `**/transfer/offers/${itemId}`);
  await page.check('input[name=modes][value=licence]');
  await page.check('input[name=modes][value=assignment]');
  await page.fill('input[name=priceMinYuan]', '2000000');
  await page.fill('input[name=priceMaxYuan]', '500000');
  await page.check('input[name=seeks][value=capital]');
  await page.fill('input[name=contactName]', '赵六');
  await page.fill('input[name=contactPhone]', '0571-87654321');
  await Promise.all([page.waitForLoadState('load'), page.click('#offer-form button[type=submit]')]);
  // min above max: the form comes back with the message on the field, nothing saved.
  expect(await page.textContent('#priceMinYuan-error')).toContain('不能高于上限');
  await page.fill('input[name=priceMinYuan]', '500000');
  await page.fill('input[name=priceMaxYuan]', '2000000');
  await submit(page, '#offer-form button[type=submit]', '**/transfer/offers');
  expect(await page.textContent('#offers')).toContain('50 万元 至 200 万元');
  await b.shot(page, 'transfer-01-unit-offers');
});

it('a partner registers, waits for the office, and is approved', async () => {
  const page = await b.newPage();
  await page.goto('/public');
  await submit(page, 'nav a:has-text("对接方注册")', '**/partners/register');
  await page.fill('input[name=organizationName]', '宁波某某创业投资有限公司');
  await page.fill('input[name=creditCode]', '91330000142916567N');
  await page.selectOption('select[name=kind]', 'investor');
  await page.fill('input[name=contactPerson]', '王五');
  await page.fill('input[name=phone]', '0574-88886666');
  await page.fill('input[name=email]', 'wangwu@example.com');
  await page.fill('input[name=username]', 'partner');
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("提交注册")')]);
  expect(await page.textContent('#registered')).toContain('审核通过后');
  await b.shot(page, 'transfer-02-partner-registered');

  // Signed in before approval: the account page says it waits, and nothing else opens.
  await page.goto('/login');
  await page.fill('input[name=username]', 'partner');
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL('**/account'), page.click('button[type=submit].primary')]);
  expect(await page.textContent('#account-action')).toContain('等待省科技厅审核');

  const office = await b.signIn('office');
  await submit(office, 'nav a:has-text("对接方审核")', '**/transfer/partners');
  const row = office.locator('tr[data-partner="宁波某某创业投资有限公司"]');
  expect(await row.textContent()).toContain('待审核');
  await submit(
    office,
    'tr[data-partner="宁波某某创业投资有限公司"] button[value=approve]',
    '**/transfer/partners',
  );
  expect(await row.textContent()).toContain('已通过');
  await b.shot(office, 'transfer-03-office-approved');
});

it('the approved partner finds the item by search and asks for cooperation', async () => {
  const page = await b.signIn('partner');
  await page.goto('/public');
  await page.fill('form.filters input[name=q]', '碳化硅');
  await submit(page, 'form.filters button[type=submit]', '**/public?*');
  await submit(page, 'ol.results h2 a', `**/public/${itemId}`);
  await submit(page, '#transfer-offer', `**/transfer/items/${itemId}`);
  expect(await page.textContent('#offer')).toContain('转让、许可');
  // The unit's contact is not on the public offer.
  expect(await page.innerText('body')).not.toContain('0571-87654321');
  await page.fill('textarea[name=message]', '我司希望以许可方式引进该技术。');
  await submit(page, 'button:has-text("我要对接")', /\/transfer\/requests\/[0-9a-f-]{36}$/);
  requestUrl = page.url();
  expect(await page.textContent('#request-state')).toBe('待单位答复');
  expect(await page.textContent('#unit-contact')).toContain('单位接受对接后显示');
  await b.shot(page, 'transfer-04-partner-asked');
});

it('the unit accepts and schedules a meeting; both see it; the deal is recorded', async () => {
  const unit = await b.signIn('submitter');
  await submit(unit, 'nav a:has-text("对接请求")', '**/transfer/requests');
  await submit(unit, '#requests a', requestUrl);
  expect(await unit.textContent('#request')).toContain('宁波某某创业投资有限公司');
  await submit(unit, 'form[data-action=accept] button', requestUrl);
  expect(await unit.textContent('#request-state')).toBe('单位已接受');
  await unit.fill('form[data-action=scheduleMeeting] input[name=meetingAt]', '2026-11-12T14:00');
  await unit.fill('form[data-action=scheduleMeeting] input[name=place]', '杭州市西湖区某某路 1 号');
  await submit(unit, 'form[data-action=scheduleMeeting] button', requestUrl);
  expect(await unit.textContent('#meeting')).toContain('2026/11/12 14:00');

  const partner = await b.signIn('partner');
  await partner.goto(requestUrl);
  expect(await partner.textContent('#request-state')).toBe('已约洽谈');
  expect(await partner.textContent('#meeting')).toContain('杭州市西湖区某某路 1 号');
  expect(await partner.textContent('#unit-contact')).toContain('0571-87654321');
  await submit(partner, 'form[data-action=startNegotiation] button', requestUrl);
  expect(await partner.textContent('#request-state')).toBe('商谈中');
  await b.shot(partner, 'transfer-05-partner-meeting');

  await unit.reload();
  await unit.selectOption('form[data-action=agree] select[name=mode]', 'licence');
  await unit.fill('form[data-action=agree] input[name=amountYuan]', '1200000');
  await unit.fill('form[data-action=agree] input[name=contractDate]', '2026-11-04');
  await unit.fill(
    'form[data-action=agree] input[name=parties]',
    '某某科技有限公司;宁波某某创业投资有限公司',
  );
  await submit(unit, 'form[data-action=agree] button', requestUrl);
  expect(await unit.textContent('#request-state')).toBe('已签约');
  expect(await unit.textContent('#deal')).toContain('120 万元');
  await b.shot(unit, 'transfer-06-unit-deal');
  expect(b.leaks).toEqual([]);
});
