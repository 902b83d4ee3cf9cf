import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pdf, png } from './support/attachment-fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import { buildWorld } from './support/world';

/**
 * The console and the public platform in a real browser (Debian's chromium through
 * playwright-core): one item from a unit's draft to the public page, each step by the person whose
 * job it is, plus refusals and form errors. Screenshots go to test-artifacts/ (git-ignored).
 */
const PASSWORD = 'Heron-Lake-2026!';
const SHOTS = join(__dirname, '..', 'test-artifacts', 'screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// A real browser on a shared 2-core machine: each step gets time to spare.
jest.setTimeout(180_000);

let t: TestApp;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // Users: submitter (Hangzhou enterprise), recommender (Hangzhou bureau), office, expert1–5…
  await buildWorld(t);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // Irreversible actions ask first (data-confirm); the person answers yes.
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

/** Signs in through the form; an existing page (and its cache) can be reused for the next person. */
async function signIn(username: string, reuse?: Page): Promise<Page> {
  const page = reuse ?? (await newPage());
  await page.goto('/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function stateOf(page: Page): Promise<string> {
  return (await page.textContent('h1 .badge'))!.trim();
}

/** Presses an action button on the item page and waits for the page to come back in the new state. */
async function act(page: Page, event: string, expectedState: string, comment?: string) {
  if (comment) await page.fill('form.actions-form textarea[name=comment]', comment);
  await submitAndWaitForNextPage(page, `button[data-event=${event}]`);
  await page.waitForSelector(`h1 .badge:text-is("${expectedState}")`);
}

/**
 * Posts a form that redirects back to the same URL. The current page must have finished loading
 * first: otherwise its own late `load` event (slow on a loaded CI machine) is taken for the next
 * page's, and the test reads the page from before the post.
 */
async function submitAndWaitForNextPage(page: Page, button: string) {
  await page.waitForLoadState('load');
  await Promise.all([page.waitForEvent('load'), page.click(button)]);
}

async function csrfOf(page: Page): Promise<string> {
  return (await page.getAttribute('input[name=_csrf]', 'value', { strict: false }))!;
}

async function fillValidRecord(page: Page, title: string) {
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=summary]', '突破碳化硅MOSFET关键工艺,实现车规级量产。');
  await page.selectOption('select[name=category]', 'techBreakthrough');
  await page.selectOption('select[name=domain]', 'integratedCircuits');
  await page.selectOption('select[name=levelClaim]', 'domesticLeading');
  await page.check('input[name=breaksMonopoly]');
  await page.fill('input[name="completingUnits.0.name"]', '某某科技有限公司');
  await page.fill('input[name="completers.0.name"]', '李四');
  await page.fill('input[name="completers.0.unit"]', '某某科技有限公司');
  await page.fill('input[name="ip.owner"]', '某某科技有限公司');
  await page.fill('textarea[name="ip.patents"]', 'ZL202310000000.1');
  await page.check('input[name="ip.noDispute"]');
  await page.fill('textarea[name="evidence.replaces"]', '进口碳化硅MOSFET');
  await page.fill('textarea[name="evidence.industrialization"]', '已量产,年销售额2亿元');
}

describe('web console and public platform in chromium', () => {
  let itemId: string;
  const title = '高性能碳化硅功率芯片<script>alert(1)</script>';

  it('a submitter signs in, creates an item with an attachment and submits it', async () => {
    const login = await newPage();
    await login.goto('/tasks');
    expect(login.url()).toContain('/login?next=%2Ftasks');
    await login.fill('input[name=username]', 'submitter');
    await login.fill('input[name=password]', 'wrong-password');
    await login.click('button[type=submit].primary');
    expect(await login.textContent('.error')).toContain('用户名或密码错误');
    await shot(login, 'login');

    const page = await signIn('submitter');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'cg_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });

    await page.click('nav >> text=新建成果');
    await fillValidRecord(page, title);
    await Promise.all([
      page.waitForURL(/\/items\/[0-9a-f-]{36}$/),
      page.click('button:text("保存草稿")'),
    ]);
    itemId = page.url().split('/').pop()!;
    // Escaped, not executed: the title shows as text.
    expect(await page.textContent('h1')).toContain('<script>alert(1)</script>');
    expect(await stateOf(page)).toBe('草稿');

    await page.selectOption('#attachments select[name=kind]', 'applicationProof');
    await page.setInputFiles('#attachments input[type=file]', {
      name: '应用证明.pdf',
      mimeType: 'application/pdf',
      buffer: pdf(),
    });
    await page.click('#attachments button[type=submit]');
    await page.waitForSelector('#attachments .notice:has-text("已上传")');
    expect(await page.textContent('#attachments ul.files')).toContain('应用证明.pdf');
    const download = await page.request.get(
      (await page.getAttribute('#attachments ul.files a', 'href'))!,
    );
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.goto('/tasks');
    expect(await page.textContent('#tasks-drafts')).toContain('高性能碳化硅功率芯片');
    await shot(page, 'tasks-submitter');

    await page.goto(`/items/${itemId}`);
    await act(page, 'SUBMIT', '待推荐');
    expect(await page.textContent('#timeline')).toContain('提交推荐');
  });

  it('a wrong role sees no forbidden action, and posting it anyway is refused with 403', async () => {
    const page = await signIn('submitter');
    await page.goto(`/items/${itemId}`);
    expect(await page.$('button[data-event=RECOMMEND]')).toBeNull();
    const token = await csrfOf(page);
    const forbidden = await page.request.post(`/items/${itemId}/events`, {
      form: { type: 'RECOMMEND', _csrf: token },
    });
    expect(forbidden.status()).toBe(403);
    expect(await forbidden.text()).toContain('无权');
    const noToken = await page.request.post(`/items/${itemId}/events`, {
      form: { type: 'WITHDRAW' },
    });
    expect(noToken.status()).toBe(403);
    expect(await noToken.text()).toContain('CSRF');
    await page.reload();
    expect(await stateOf(page)).toBe('待推荐');

    // Another city's recommender cannot even open it.
    const other = await signIn('nb-recommender');
    const response = await other.goto(`/items/${itemId}`);
    expect(response!.status()).toBe(403);
  });

  it('a form with bad input shows each field error in Chinese next to the field', async () => {
    const page = await signIn('submitter');
    await page.goto('/items/new');
    await page.selectOption('select[name=category]', 'basicResearch');
    await page.fill('input[name="evidence.papers.0.journal"]', 'Nature');
    await page.fill('input[name="evidence.papers.0.year"]', '1800');
    await page.fill('input[name="evidence.papers.0.doi"]', 'not-a-doi');
    const [response] = await Promise.all([
      page.waitForEvent(
        'response',
        (r) => r.url().endsWith('/items') && r.request().method() === 'POST',
      ),
      page.click('button:text("保存草稿")'),
    ]);
    expect(response.status()).toBe(400);
    const error = (field: string) => page.textContent(`.field-error[data-field="${field}"]`);
    expect(await error('title')).toBe('不能为空');
    expect(await error('summary')).toBe('不能为空');
    expect(await error('evidence.papers.0.doi')).toContain('必须是有效的 DOI');
    expect(await error('evidence.papers.0.year')).toContain('不能小于1900');
    expect(await error('ip.noDispute')).toContain('必须确认知识产权权属清晰');
    expect(await page.getAttribute('input[name=title]', 'aria-invalid')).toBe('true');
    // What was typed is kept.
    expect(await page.inputValue('input[name="evidence.papers.0.doi"]')).toBe('not-a-doi');
    await shot(page, 'form-errors');
  });

  it('the city recommender recommends it from the worklist', async () => {
    const page = await signIn('recommender');
    const row = page.locator('#tasks-recommend tr', { hasText: '高性能碳化硅功率芯片' });
    expect(await row.textContent()).toContain('2026/11/10 24:00');
    expect(await page.textContent('#my-body')).toContain('未报送');
    await shot(page, 'tasks-recommender');
    await row.locator('a').click();
    await act(page, 'RECOMMEND', '已报送');
    expect(await page.textContent('dl.record')).toContain('2026-11');
  });

  it('the office closes the batch, passes eligibility, and the chain check passes', async () => {
    const page = await signIn('office');
    await page.goto('/collection');
    expect(await page.textContent('#collection-status')).toContain('杭州市科学技术局');
    expect(await page.textContent('#total-reported')).toBe('1');
    await shot(page, 'collection');
    await Promise.all([page.waitForURL(/closed=1/), page.click('#close-batch')]);
    expect(await page.textContent('.notice')).toContain('1 项成果进入形式审查');

    // Eligibility is passed in a batch on the review page, which solves the panels together.
    await page.click('nav >> text=评审分配');
    await page.check(`#batch-pass-form input[name=ids][value="${itemId}"]`);
    await submitAndWaitForNextPage(page, '#batch-pass');
    expect(await page.textContent(`#panel-${itemId}`)).toContain('专家 5/5 人');
    await shot(page, 'review');
    await page.goto(`/items/${itemId}`);
    expect(await stateOf(page)).toBe('专家评审');

    await page.goto(`/audit?item=${itemId}&verify=1`);
    expect(await page.textContent('#chain-check')).toContain('通过');
    expect(await page.textContent('#audit-rows')).toContain('形式审查通过');
    await shot(page, 'audit');
  });

  it('five experts score it blind; it moves to on-site verification', async () => {
    // The expert from the owning unit is not offered the item at all.
    const own = await signIn('own-expert');
    expect(await own.textContent('#tasks-scoring')).not.toContain('高性能碳化硅功率芯片');

    let page: Page | undefined;
    for (const [i, value] of [90, 88, 85, 80, 92].entries()) {
      page = await signIn(`expert${i + 1}`, page);
      await page.locator('#tasks-scoring a', { hasText: '高性能碳化硅功率芯片' }).click();
      for (const criterion of [
        'innovation',
        'advancement',
        'significance',
        'benefit',
        'maturity',
      ]) {
        await page.fill(`input[name="scores.${criterion}"]`, String(value));
      }
      await page.fill(
        'input[name="criterionComments.innovation"]',
        `第${i + 1}位专家:工艺路线新颖`,
      );
      await page.fill('form.scoring-form textarea[name=comment]', '创新性突出');
      if (i === 0) await shot(page, 'scoring');
      await submitAndWaitForNextPage(page, 'button[data-event=SUBMIT_SCORE]');
      if (i < 4) {
        await page.waitForSelector('h1 .badge:text-is("专家评审")');
        // Blind: no other expert's sheet and no names of other experts.
        expect(await page.locator('section:has(h2:text-is("评分")) tbody tr').count()).toBe(1);
        expect(await page.$('button[data-event=SUBMIT_SCORE]')).toBeNull();
      }
    }
    const office = await signIn('office');
    await office.goto(`/items/${itemId}`);
    expect(await stateOf(office)).toBe('现场核查');
    expect(await office.locator('section:has(h2:text-is("评分")) tbody tr').count()).toBe(5);
    const sheets = await office.locator('section:has(h2:text-is("评分")) tbody').textContent();
    expect(sheets).toContain('第3位专家:工艺路线新颖');
    expect(sheets).toContain('创新性突出');
  }, 300_000);

  it('the office forms the visit team and schedules the visit from its worklist', async () => {
    const page = await signIn('office');
    const row = page.locator('#tasks-verification tr', { hasText: '高性能碳化硅功率芯片' });
    expect(await row.textContent()).toContain('尚未组建核查组');
    await Promise.all([page.waitForURL(/\/verification\//), row.locator('a.task-link').click()]);
    expect(await page.textContent('#no-visit')).toContain('尚未组建核查组');
    await page.check('#team-form input[aria-label="office"]');
    await page.check('#team-form input[aria-label="expert1"]');
    await submitAndWaitForNextPage(page, '#save-team');
    expect(await page.textContent('#team')).toContain('expert1(专家)');
    await page.fill('#schedule-form input[name=date]', '2026-11-05');
    await page.fill('#schedule-form input[name=place]', '杭州市滨江区某某路1号');
    await submitAndWaitForNextPage(page, '#save-schedule');
    expect(await page.textContent('#visit-place')).toBe('杭州市滨江区某某路1号');
    await shot(page, 'visit-office');

    await page.goto('/tasks');
    expect(
      await page.textContent('#tasks-verification tr:has-text("高性能碳化硅功率芯片")'),
    ).toContain('2026/11/05 24:00');
  });

  it('a team expert adds a photo and records the findings; others cannot', async () => {
    // An expert who is not on the team has no visit task and is refused.
    const outsider = await signIn('expert2');
    expect(await outsider.$('#tasks-visits')).toBeNull();
    const refused = await outsider.goto(`/verification/${itemId}`);
    expect(refused!.status()).toBe(403);
    const posted = await outsider.request.post(`/verification/${itemId}/findings`, {
      form: {
        _csrf: await csrfOf(outsider),
        'checklist.0.item': '产线一致',
        'checklist.0.passed': 'on',
        narrative: '冒名记录',
        conclusion: 'pass',
      },
    });
    expect(posted.status()).toBe(403);

    const page = await signIn('expert1');
    await Promise.all([
      page.waitForURL(/\/verification\//),
      page.locator('#tasks-visits a', { hasText: '高性能碳化硅功率芯片' }).click(),
    ]);
    await page.setInputFiles('#photo-form input[type=file]', {
      name: '产线现场.png',
      mimeType: 'image/png',
      buffer: png(),
    });
    await submitAndWaitForNextPage(page, '#photo-form button[type=submit]');
    expect(await page.textContent('#photos ul.files')).toContain('产线现场.png');

    // An empty narrative and no conclusion come back next to their fields.
    await page.fill('input[name="checklist.0.item"]', '生产线与申报材料一致');
    await page.check('input[name="checklist.0.passed"]');
    await submitAndWaitForNextPage(page, '#save-findings');
    expect(await page.textContent('.field-error[data-field=narrative]')).toBe('不能为空');
    expect(await page.textContent('.field-error[data-field=conclusion]')).toContain('取值不在');
    expect(await page.inputValue('input[name="checklist.0.item"]')).toBe('生产线与申报材料一致');

    await page.fill('#findings-form textarea[name=narrative]', '现场查看量产线,与申报材料一致。');
    await page.selectOption('#findings-form select[name=conclusion]', 'pass');
    await submitAndWaitForNextPage(page, '#save-findings');
    expect(await page.textContent('#conclusion')).toBe('通过');
    expect(await page.$('#findings-form')).toBeNull();
    await shot(page, 'visit-report');

    // The owning unit sees the team and the schedule, and no decision.
    const host = await signIn('submitter');
    await host.goto(`/verification/${itemId}`);
    expect(await host.textContent('#visit-place')).toBe('杭州市滨江区某某路1号');
    expect(await host.$('button[data-event=CONFIRM_VERIFICATION]')).toBeNull();
  });

  it('the office confirms the visit and records a tracking evaluation in the library', async () => {
    const page = await signIn('office');
    await page.goto(`/verification/${itemId}`);
    expect(await page.textContent('#report')).toContain('生产线与申报材料一致');
    await act(page, 'CONFIRM_VERIFICATION', '已入库', '现场核查情况属实');

    await Promise.all([
      page.waitForURL(/\/library\//),
      page.click('.item-links a:has-text("成果库条目")'),
    ]);
    await page.selectOption('#evaluation-form select[name=type]', 'market');
    await page.fill('#evaluation-form input[name=evaluator]', '浙江省科技评估和成果转化中心');
    await page.fill('#evaluation-form input[name=date]', '2026-11-05');
    await page.selectOption('#evaluation-form select[name=rating]', 'excellent');
    await page.fill('#evaluation-form textarea[name=findings]', '市场占有率持续提升。');
    await submitAndWaitForNextPage(page, '#save-evaluation');
    const evaluations = await page.textContent('#evaluations table');
    expect(evaluations).toContain('市场评价');
    expect(evaluations).toContain('优秀');
    await shot(page, 'library-entry');
    await page.goto('/library');
    expect(await page.textContent('#library-items')).toContain('高性能碳化硅功率芯片');
  });

  it('the office publishes; the item appears on /public', async () => {
    const page = await signIn('office');
    await page.goto(`/items/${itemId}`);
    await act(page, 'PUBLISH', '已发布');
    // The item page shows a stepper (every step done); the full diagram is its own page, drawn
    // on the server as SVG with the path overlaid.
    expect(await page.locator('#progress .step.done').count()).toBe(8);
    expect(await page.textContent('#path-taken')).toContain(
      '草稿 → 待推荐 → 已报送 → 形式审查 → 专家评审 → 现场核查 → 已入库 → 已发布',
    );
    await Promise.all([page.waitForURL(/\/diagram$/), page.click('#diagram-link')]);
    expect(await page.textContent('#path-taken')).toContain(
      '草稿 → 待推荐 → 已报送 → 形式审查 → 专家评审 → 现场核查 → 已入库 → 已发布',
    );
    expect(await page.$('#state-diagram svg g.current[data-state=published]')).not.toBeNull();
    expect(await page.locator('#state-diagram svg g.visited').count()).toBeGreaterThanOrEqual(6);
    await page.goto(`/items/${itemId}`);
    const timeline = await page.textContent('#timeline');
    expect(timeline).toContain('现场核查情况属实');
    expect(timeline).toContain('省科技厅成果处');
    await shot(page, 'item-published');

    const visitor = await newPage();
    await visitor.goto('/public');
    await visitor.fill('input[name=q]', '碳化硅');
    await visitor.selectOption('select[name=city]', '杭州');
    await Promise.all([visitor.waitForURL(/q=/), visitor.click('button:text("查询")')]);
    await visitor.locator('.result a', { hasText: '高性能碳化硅功率芯片' }).click();
    expect(await visitor.textContent('h1')).toContain('高性能碳化硅功率芯片');
    expect(await visitor.textContent('article')).toContain('某某科技有限公司');
    await shot(visitor, 'public-detail');
    await visitor.setViewportSize({ width: 390, height: 844 });
    await visitor.goto('/public');
    await shot(visitor, 'public-list-phone');
    await visitor.goto('/public?category=basicResearch');
    expect(await visitor.textContent('main')).toContain('没有符合条件的成果');
  });

  it('logging out ends the session', async () => {
    const page = await signIn('office');
    await Promise.all([page.waitForURL('**/login'), page.click('text=退出登录')]);
    await page.goto('/tasks');
    expect(page.url()).toContain('/login');
  });
});
