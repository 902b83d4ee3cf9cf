import {
  consoleSignIn,
  fieldError,
  postForm,
  type ConsoleSession as Session,
} from './support/console-session';
import { AuditSearchRepository } from '../src/web/audit/audit-search.repository';
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
 * The office's and recommender's batch work over HTTP, on SQLite and PostgreSQL: bulk recommend
 * and return (one item that changed meanwhile fails alone), the audit search's filters and its
 * export, and the office's panel change refused for a conflicted expert.
 */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
}, 120_000);

afterAll(() => t.close());

const signIn = (username: string) => consoleSignIn(t, username);
const post = (who: Session, path: string, body: Record<string, string | string[]>) =>
  postForm(t, who, path, body);
const historyOf = async (item: ItemDriver) =>
  (await t.http().get(`/api/achievements/${item.id}/history`).set(w.office.auth).expect(200))
    .body as { eventType: string; comment: string | null }[];

async function submitted(title: string): Promise<ItemDriver> {
  const item = await ItemDriver.create(t, w, techBreakthrough({ title }));
  await item.ok(w.submitter, 'SUBMIT');
  return item;
}

describe('recommender bulk actions', () => {
  let rec: Session;
  let items: ItemDriver[];

  beforeAll(async () => {
    rec = await signIn('recommender');
    items = [
      await submitted('批量推荐甲'),
      await submitted('批量推荐乙'),
      await submitted('批量推荐丙'),
    ];
  });

  it('lists the waiting items with their versions, linked from the worklist', async () => {
    const tasks = await t.http().get('/tasks').set('Cookie', rec.cookie).expect(200);
    expect(tasks.text).toContain('href="/recommend"');
    const page = await t.http().get('/recommend').set('Cookie', rec.cookie).expect(200);
    for (const item of items) {
      expect(page.text).toContain(`name="ids" value="${item.id}"`);
      expect(page.text).toContain(`name="version:${item.id}" value="2"`);
    }
    expect(page.text).toContain('class="select-all"');
    const office = await signIn('office');
    await t.http().get('/recommend').set('Cookie', office.cookie).expect(403);
  });

  it('a return needs a reason, and nothing is written without it', async () => {
    const res = await post(rec, '/recommend', { ids: [items[2].id], action: 'return' }).expect(400);
    expect(fieldError(res.text, 'reason')).toContain('须填写理由');
    const none = await post(rec, '/recommend', { action: 'recommend' }).expect(400);
    expect(fieldError(none.text, 'ids')).toBe('请至少勾选一项成果');
    expect((await items[2].get()).state).toBe('recommendation');
  });

  it('recommends several in one step; one that changed meanwhile fails alone with a 409', async () => {
    // The second item is withdrawn and resubmitted after the page was read: version 2 is stale.
    await items[1].ok(w.submitter, 'WITHDRAW', { comment: '单位决定暂不申报' });
    const fresh = await submitted('批量推荐丁');
    const res = await post(rec, '/recommend', {
      ids: [items[0].id, items[1].id, fresh.id],
      action: 'recommend',
      [`version:${items[0].id}`]: '2',
      [`version:${items[1].id}`]: '2',
      [`version:${fresh.id}`]: '2',
    }).expect(200);
    expect(res.text).toMatch(/批量择优推荐结果:成功 2 项,未成功 1 项/);
    expect(res.text).toMatch(/class="bulk-failed" data-status="409"[\s\S]*批量推荐乙/);
    expect((await items[0].get()).state).toBe('submitted');
    expect((await fresh.get()).state).toBe('submitted');
    expect((await items[1].get()).state).toBe('withdrawn');
    // Each is its own audited event.
    expect((await historyOf(items[0])).filter((r) => r.eventType === 'RECOMMEND')).toHaveLength(1);
  });

  it('returns with the reason on each audit row; the period list shows every decision', async () => {
    const res = await post(rec, '/recommend', {
      ids: items[2].id,
      action: 'return',
      reason: '请补充产业化证据',
      [`version:${items[2].id}`]: '2',
    }).expect(200);
    expect(res.text).toContain('成功 1 项,未成功 0 项');
    const rows = await historyOf(items[2]);
    expect(rows[rows.length - 1]).toMatchObject({
      eventType: 'RETURN_FOR_AMENDMENT',
      comment: '请补充产业化证据',
    });
    const page = await t.http().get('/recommend').set('Cookie', rec.cookie).expect(200);
    const decided = page.text.slice(page.text.indexOf('id="recommend-decided"'));
    expect(decided).toContain('本期(2026-11 批次)已处理');
    expect(decided).toMatch(/批量推荐甲[\s\S]*择优推荐[\s\S]*已报送/);
    expect(decided).toMatch(/批量推荐丙[\s\S]*退回修改[\s\S]*请补充产业化证据/);
    expect(decided).not.toContain('批量推荐乙');
  });
});

describe('audit search and export', () => {
  let office: Session;
  let item: ItemDriver;

  beforeAll(async () => {
    office = await signIn('office');
    item = await ItemDriver.create(t, w, techBreakthrough({ title: '审计检索专用成果' }));
    await item.toSubmitted();
  });

  const search = (query: string) => t.http().get(`/audit?${query}`).set('Cookie', office.cookie);
  const rowsOf = (html: string) =>
    (html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).match(/<tr>/g) ?? []).length;

  it('finds rows by title, by item number, by a person’s name and by event', async () => {
    const byTitle = await search(`q=${encodeURIComponent('审计检索')}`).expect(200);
    expect(rowsOf(byTitle.text)).toBe(3);
    expect(byTitle.text).toContain('审计检索专用成果');
    const byNumber = await search(`q=${item.id.slice(0, 8)}`).expect(200);
    expect(rowsOf(byNumber.text)).toBe(3);
    const byPerson = await search(
      `q=${encodeURIComponent('审计检索')}&person=recommend&event=RECOMMEND`,
    ).expect(200);
    expect(rowsOf(byPerson.text)).toBe(1);
    expect(byPerson.text).toContain('择优推荐');
    const nobody = await search(`q=${encodeURIComponent('审计检索')}&person=office`).expect(200);
    expect(rowsOf(nobody.text)).toBe(0);
    expect(nobody.text).toContain('没有符合条件的记录');
  });

  it('reads dates as whole days in Beijing time and refuses a bad range', async () => {
    // The clock is 2026-11-05 10:00 in Beijing (02:00 UTC): the rows are on the 5th there.
    const day = await search(`q=${item.id.slice(0, 8)}&from=2026-11-05&to=2026-11-05`).expect(200);
    expect(rowsOf(day.text)).toBe(3);
    const before = await search(`q=${item.id.slice(0, 8)}&to=2026-11-04`).expect(200);
    expect(rowsOf(before.text)).toBe(0);
    const bad = await search('from=2026-11-06&to=2026-11-05').expect(400);
    expect(fieldError(bad.text, 'to')).toBe('截止日期不能早于起始日期');
    const garbage = await search('from=yesterday').expect(400);
    expect(fieldError(garbage.text, 'from')).toBe('起始日期格式不正确');
  });

  it('pages newest first in SQL', async () => {
    const first = await search('').expect(200);
    const next = /href="\/audit\?cursor=(\d+)"/.exec(first.text);
    // Fewer than a page in this world unless many rows were written; either way no error.
    if (next) await search(`cursor=${next[1]}`).expect(200);
    expect(first.text).not.toContain('id="chain-check"');
    // A date range pages in (at, id) order off its index, with an `<ms>_<id>` cursor: page by
    // page the same rows as one long page, none twice, and the cursor works in the console.
    const repo = t.app.get(AuditSearchRepository);
    const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') };
    const whole = (await repo.page(range, 1000)).rows.map((r) => r.id);
    expect(whole.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < whole.length; i++) {
      const page = await repo.page(range, 2, before);
      paged.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      expect(page.nextCursor).toMatch(/^\d+_\d+$/);
      before = page.nextCursor;
    }
    expect(paged).toEqual(whole);
    await search(`from=2026-11-01&to=2026-11-30&cursor=${before}`).expect(200);
    const verified = await search('verify=1').expect(200);
    expect(verified.text).toMatch(/id="chain-check"[\s\S]*通过/);
  });

  it('exports the search result with Chinese headings and labels, no codes', async () => {
    const res = await t
      .http()
      .get(`/audit/export?q=${item.id.slice(0, 8)}&format=csv`)
      .set('Cookie', office.cookie)
      .expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('audit-search.csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('时间,成果编号,成果名称,序号,操作人,角色,操作,原状态,新状态,意见');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^2026\/11\/05 10:00,/);
    expect(res.text).toContain('择优推荐');
    expect(res.text).toContain('审计检索专用成果');
    expect(res.text).not.toMatch(/[A-Z]{3,}_[A-Z_]+|recommendation|submitted/);
    const xlsx = await t
      .http()
      .get(`/audit/export?q=${item.id.slice(0, 8)}&format=xlsx`)
      .set('Cookie', office.cookie)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const recommender = await signIn('recommender');
    await t.http().get('/audit/export').set('Cookie', recommender.cookie).expect(403);
  });
});

describe('office eligibility review and panel changes', () => {
  let office: Session;
  let good: ItemDriver;
  let doubtful: ItemDriver;
  let reserveId: string;
  /** An expert of the pool not on the panel (the solver picks 5 of the 6). */
  const free = async (item: ItemDriver) => {
    const { scoring } = await item.get();
    return [reserveId, ...w.experts.map((x) => x.id)].find((id) => !scoring.panel.includes(id))!;
  };

  beforeAll(async () => {
    office = await signIn('office');
    good = await ItemDriver.create(t, w, techBreakthrough({ title: '形式审查合格成果' }));
    await good.toEligibility();
    // The industrialisation evidence names no product, customer or sales: the office judges.
    doubtful = await ItemDriver.create(
      t,
      w,
      techBreakthrough({
        title: '形式审查存疑成果',
        evidence: { replaces: '进口高端轴承', industrialization: '正在推进中' },
      }),
    );
    await doubtful.toEligibility();
    const inst = (
      await t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({ name: '某某研究院备选', type: 'researchInstitute', city: '杭州' })
        .expect(201)
    ).body as { id: string };
    const reserve = await addUser(t, w.securityAdmin, 'expert-reserve', inst.id, ['expert']);
    await t
      .http()
      .put(`/api/experts/${reserve.id}/profile`)
      .set(w.admin.auth)
      .send({ domains: WORLD_DOMAINS, title: '研究员', declaredConflicts: [], active: true })
      .expect(200);
    reserveId = reserve.id;
  });

  it('shows each rule’s result per item in words, with a select-all box', async () => {
    const page = await t.http().get('/review').set('Cookie', office.cookie).expect(200);
    const row = page.text.slice(page.text.indexOf(`id="eligibility-${doubtful.id}"`));
    expect(row).toMatch(
      /需人工判断<\/span> 写明所替代的&#34;卡脖子&#34;环节或进口产品,并有产业化证据/,
    );
    expect(row).toContain('产业化证据未说明产品、客户、销售额或产量');
    expect(row).toMatch(
      /通过<\/span> 知识产权权属已声明且无争议:<span class="muted">权属:某某科技有限公司/,
    );
    expect(page.text).toContain('id="select-all"');
  });

  it('a batch pass takes the clean items, reports the others with their reasons', async () => {
    const res = await post(office, '/review/eligibility', { ids: [good.id, doubtful.id] }).expect(
      303,
    );
    expect(res.headers.location).toBe(
      `/review?passed=${good.id}&failed=${doubtful.id}#batch-summary`,
    );
    expect((await good.get()).state).toBe('expertScoring');
    expect((await doubtful.get()).state).toBe('eligibilityCheck');
    const page = await t
      .http()
      .get(res.headers.location.replace(/#.*/, ''))
      .set('Cookie', office.cookie)
      .expect(200);
    const summary = page.text.slice(page.text.indexOf('id="batch-summary"'));
    expect(summary).toContain('通过 1 项,未通过 1 项;组建专家组 1 个(满员 1 个)');
    expect(summary).toMatch(/形式审查合格成果<\/a>:专家组 5\/5 人/);
    expect(summary).toMatch(/形式审查存疑成果<\/a>:未通过——[^<]*产业化证据未说明/);
  });

  it('shows each expert’s fields on the panel', async () => {
    const page = await t.http().get('/review').set('Cookie', office.cookie).expect(200);
    const card = page.text.slice(page.text.indexOf(`id="panel-${good.id}"`));
    expect(card).toMatch(/class="expert-fields">集成电路/);
    expect(card).toMatch(/name="candidate" list="expert-pool"/);
    expect(card).toMatch(/\((某某研究院\d|某某研究院备选);集成电路/);
    // The pool is written once for the page, whatever the number of panels on it.
    expect(page.text.match(/<datalist id="expert-pool">/g)).toHaveLength(1);
    expect(page.text.match(/<option value="[^"]*">[^<]*某某研究院备选/g)).toHaveLength(1);
  });

  it('refuses a candidate typed that is not in the pool, in words on the panel', async () => {
    const before = (await historyOf(good)).length;
    const { version, scoring } = await good.get();
    const res = await post(office, `/review/${good.id}/panel`, {
      op: 'replace',
      member: scoring.panel[0],
      candidate: '张三',
      reason: '专业更对口',
      version: String(version),
    }).expect(400);
    expect(res.text).toMatch(/id="panel-errors-[^"]+"[^>]*>请从专家库的列表中选择一名专家</);
    const outside = await post(office, `/review/${good.id}/panel`, {
      op: 'replace',
      member: scoring.panel[0],
      candidate: '00000000-0000-4000-8000-000000000000',
      reason: '专业更对口',
      version: String(version),
    }).expect(400);
    expect(outside.text).toMatch(/id="panel-errors-[^"]+"[^>]*>以下用户不是可用的评审专家/);
    expect((await historyOf(good)).length).toBe(before);
  });

  it('refuses a conflicted expert with a clear message and writes nothing', async () => {
    const before = (await historyOf(good)).length;
    const { version, scoring } = await good.get();
    const ownExpert = w.ownExpert.id;
    const res = await post(office, `/review/${good.id}/panel`, {
      op: 'replace',
      member: scoring.panel[0],
      candidate: ownExpert,
      reason: '专业更对口',
      version: String(version),
    }).expect(400);
    expect(res.text).toMatch(
      /id="panel-errors-[^"]+"[^>]*>以下专家与该成果存在利益冲突,须先由工作人员认定为误报:own-expert\(专家所在单位是成果申报单位、专家所在单位是成果完成单位\)/,
    );
    const noReason = await post(office, `/review/${good.id}/panel`, {
      op: 'replace',
      member: scoring.panel[0],
      candidate: await free(good),
      version: String(version),
    }).expect(400);
    expect(fieldError(noReason.text, 'reason')).toBe('调整专家组须填写理由');
    expect((await historyOf(good)).length).toBe(before);
  });

  it('replaces a member through an audited ASSIGN_PANEL; a stale page gets a 409', async () => {
    const { version, scoring } = await good.get();
    const leaving = scoring.panel[0] as string;
    const joining = await free(good);
    await post(office, `/review/${good.id}/panel`, {
      op: 'replace',
      member: leaving,
      candidate: joining,
      reason: '专业更对口',
      version: String(version),
    }).expect(303);
    const after = await good.get();
    expect(after.scoring.panel).toContain(joining);
    expect(after.scoring.panel).not.toContain(leaving);
    const last = (await historyOf(good)).pop()!;
    expect(last).toMatchObject({ eventType: 'ASSIGN_PANEL', comment: '专业更对口' });
    const stale = await post(office, `/review/${good.id}/panel`, {
      op: 'remove',
      member: joining,
      reason: '再调整',
      version: String(version),
    }).expect(409);
    expect(stale.text).toContain('刷新');
  });
});
