import type { Page } from 'playwright-core';
import { pdf, png } from './support/attachment-fixtures';
import {
  startBrowser,
  stateOf,
  submitAndWaitForNextPage,
  type BrowserHarness,
} from './support/browser';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';

/**
 * The unit's (申报人's) job in the console, from login, as issue 16 describes it: a new item with
 * its files on the first save, files added and removed on the item page, submitted without a false
 * conflict, followed on the stepper; returned with a reason that links to the field to fix; fixed
 * and resubmitted. And the other way out: a withdrawal that asks for a reason and a second yes,
 * then the withdrawn item copied into a new draft.
 */
jest.setTimeout(180_000);

let t: TestApp;
let w: World;
let b: BrowserHarness;
let itemId: string;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
  b = await startBrowser(t);
});

afterAll(async () => {
  await b?.close();
  await t?.close();
});

const file = (name: string, buffer: Buffer, mimeType: string) => ({ name, mimeType, buffer });

/** The files listed, sorted: files uploaded in the same instant (the test clock) have no order. */
async function attachmentNames(page: Page): Promise<string[]> {
  return (await page.locator('#attachments ul.files li > a').allTextContents())
    .map((s) => s.trim())
    .sort();
}

describe('the unit (申报人) in the console', () => {
  it('creates an item with a file on the first save', async () => {
    const page = await b.signIn('submitter');
    await Promise.all([page.waitForURL('**/items/new'), page.click('nav a:has-text("新建成果")')]);
    // What the form marks as required is what the server requires.
    expect(await page.locator('#field-ip\\.noDispute .req').count()).toBe(1);
    expect(await page.locator('#field-ip\\.patents .req').count()).toBe(0);
    await page.fill('input[name=title]', '高精度工业机器人减速器');
    await page.fill('textarea[name=summary]', '自主研发RV减速器。');
    await page.selectOption('select[name=category]', 'techBreakthrough');
    await page.selectOption('select[name=domain]', 'intelligentManufacturing');
    await page.selectOption('select[name=levelClaim]', 'domesticLeading');
    await page.fill('input[name="completingUnits.0.name"]', '某某科技有限公司');
    await page.fill('input[name="completers.0.name"]', '王五');
    await page.fill('input[name="completers.0.unit"]', '某某科技有限公司');
    await page.fill('input[name="ip.owner"]', '某某科技有限公司');
    await page.check('input[name="ip.noDispute"]');
    await page.fill('textarea[name="evidence.replaces"]', '进口RV减速器');
    await page.fill('textarea[name="evidence.industrialization"]', '已小批量供货');
    await page.selectOption('select[name=filesKind]', 'applicationProof');
    await page.setInputFiles('input[name=files]', [
      file('应用证明.pdf', pdf(), 'application/pdf'),
      file('现场照片.png', png(), 'image/png'),
    ]);
    await Promise.all([
      page.waitForURL(/\/items\/[0-9a-f-]{36}$/),
      page.click('button:has-text("保存草稿")'),
    ]);
    itemId = page.url().split('/').pop()!;
    expect(await stateOf(page)).toBe('草稿');
    expect(await attachmentNames(page)).toEqual(['应用证明.pdf', '现场照片.png'].sort());
    // The stepper: first step current, and the batch close as the date to meet.
    expect(await page.getAttribute('#progress .step.current', 'data-state')).toBe('draft');
    expect(await page.textContent('#progress-due')).toMatch(
      /本批次\(2026-11\)征集截止:2026\/11\/\d{2}/,
    );
  });

  it('adds a file on the item page, removes one, and submits without a false conflict', async () => {
    const page = await b.signIn('submitter');
    await page.goto(`/items/${itemId}`);
    const versionBefore = await page.inputValue('#action-version');
    await page.selectOption('form.upload select[name=kind]', 'other');
    await page.setInputFiles(
      'form.upload input[type=file]',
      file('补充说明.pdf', pdf(), 'application/pdf'),
    );
    await page.click('form.upload button[type=submit]');
    await page.waitForSelector('#attachments .notice:has-text("已上传:补充说明.pdf")');
    // The action form now carries the version after the upload (swapped in out of band).
    expect(Number(await page.inputValue('#action-version'))).toBe(Number(versionBefore) + 1);

    await page.click('#attachments li:has-text("现场照片.png") button:has-text("删除")');
    await page.waitForSelector('#attachments .notice:has-text("已删除:现场照片.png")');
    expect(b.dialogs.pop()?.message).toBe('确定删除附件「现场照片.png」吗?');
    expect(await attachmentNames(page)).toEqual(['应用证明.pdf', '补充说明.pdf'].sort());

    // No reload: 提交推荐 straight after the htmx changes.
    await Promise.all([
      page.waitForURL(`**/items/${itemId}`),
      page.click('button[data-event=SUBMIT]'),
    ]);
    await page.waitForSelector('h1 .badge:text-is("待推荐")');
    expect(await page.textContent('#action-result')).not.toContain('更新');
    expect(await page.getAttribute('#progress .step.current', 'data-state')).toBe('recommendation');
    expect(await page.locator('#progress .step.done').count()).toBe(1);
    expect(await page.textContent('#progress-now')).toContain('推荐单位审核');
    await b.shot(page, 'unit-submitted-stepper');

    // The full diagram is a page of its own, drawn on the server (no diagram script).
    await Promise.all([page.waitForURL(/\/diagram$/), page.click('#diagram-link')]);
    expect(await page.$('#state-diagram svg g.current[data-state=recommendation]')).not.toBeNull();
    expect(await page.locator('script[src*=mermaid]').count()).toBe(0);
    await b.shot(page, 'unit-diagram');

    // 我的成果 lists it with its state now that it has left the drafts.
    await page.goto('/items');
    expect(await page.textContent('h1')).toBe('我的成果');
    const row = page.locator('tr', { hasText: '高精度工业机器人减速器' });
    expect(await row.textContent()).toContain('待推荐');
  });

  it('the recommender returns it with a reason', async () => {
    const page = await b.signIn('recommender');
    await page.goto(`/items/${itemId}`);
    await page.fill(
      'form.actions-form textarea[name=comment]',
      '成果简介过于简略,请补充关键指标。',
    );
    await submitAndWaitForNextPage(page, 'button[data-event=RETURN_FOR_AMENDMENT]');
    expect(await stateOf(page)).toBe('退回修改');
  });

  it('the unit reads the reason, follows the link to the field, fixes it and resubmits', async () => {
    const page = await b.signIn('submitter');
    await page.goto(`/items/${itemId}`);
    expect(await page.textContent('#return-reason')).toBe('成果简介过于简略,请补充关键指标。');
    const link = page.locator('#fix-links a.fix.mentioned[data-field=field-summary]');
    expect(await link.textContent()).toBe('成果简介');
    await b.shot(page, 'unit-returned');
    await Promise.all([page.waitForURL(/\/edit#field-summary$/), link.click()]);
    expect(await page.evaluate("document.querySelector(':target')?.id")).toBe('field-summary');
    await page.fill('textarea[name=summary]', '自主研发RV减速器,传动精度1弧分,寿命6000小时。');
    await Promise.all([
      page.waitForURL(`**/items/${itemId}`),
      page.click('button:has-text("保存修改")'),
    ]);
    await Promise.all([
      page.waitForURL(`**/items/${itemId}`),
      page.click('button[data-event=RESUBMIT]'),
    ]);
    await page.waitForSelector('h1 .badge:text-is("待推荐")');
    expect(await page.$('#returned-notice')).toBeNull();
  });

  it('prints the application on A4 with every field and no buttons', async () => {
    const page = await b.signIn('submitter');
    await page.goto(`/items/${itemId}`);
    const href = await page.getAttribute('#print-link', 'href');
    await page.goto(href!);
    const text = await page.textContent('body');
    for (const part of [
      '高精度工业机器人减速器',
      '传动精度1弧分',
      '王五',
      '进口RV减速器',
      '应用证明.pdf',
      '补充说明.pdf',
    ]) {
      expect(text).toContain(part);
    }
    expect(await page.locator('button, form, script').count()).toBe(0);
    await page.emulateMedia({ media: 'print' });
    await b.shot(page, 'unit-print-view');
  });

  it('withdraws only with a reason and a second yes, then copies the item into a new draft', async () => {
    const draft = await ItemDriver.create(t, w, techBreakthrough({ title: '待撤回的成果' }));
    await t
      .http()
      .post(`/api/achievements/${draft.id}/attachments`)
      .set(w.submitter.auth)
      .attach('file', pdf(), '检测报告.pdf')
      .field('kind', 'other')
      .expect(201);
    const page = await b.signIn('submitter');
    await page.goto(`/items/${draft.id}`);
    const asked = b.dialogs.length;

    // Without a reason the browser says so and nothing is sent.
    await page.click('button[data-event=WITHDRAW]');
    expect(b.dialogs.slice(asked).map((d) => d.type)).toEqual(['alert']);
    expect(b.dialogs[asked].message).toContain('必须填写理由');
    expect(await stateOf(page)).toBe('草稿');
    // The server refuses it too (a plain post without the script).
    const refused = await page.request.post(`/items/${draft.id}/events`, {
      form: {
        type: 'WITHDRAW',
        _csrf: await page.inputValue('form.actions-form input[name=_csrf]'),
      },
    });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain('该操作必须填写理由');

    await page.fill('form.actions-form textarea[name=comment]', '应用数据尚在补充,下一批次再报');
    await Promise.all([
      page.waitForURL(`**/items/${draft.id}`),
      page.click('button[data-event=WITHDRAW]'),
    ]);
    await page.waitForSelector('h1 .badge:text-is("已撤回")');
    const confirm = b.dialogs[b.dialogs.length - 1];
    expect(confirm.type).toBe('confirm');
    expect(confirm.message).toContain('撤回后本成果的申报即告终止');
    expect(await page.textContent('#timeline')).toContain('应用数据尚在补充,下一批次再报');
    expect(await page.getAttribute('#progress .step.ended', 'data-state')).toBe('draft');
    await b.shot(page, 'unit-withdrawn');

    await Promise.all([
      page.waitForURL(
        (url) => /\/items\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.includes(draft.id),
      ),
      page.click('#copy-draft'),
    ]);
    expect(await stateOf(page)).toBe('草稿');
    expect((await page.textContent('h1'))!).toContain('待撤回的成果');
    expect(await attachmentNames(page)).toEqual(['检测报告.pdf']);
    expect(b.leaks).toEqual([]);
  });
});
