import {
  consoleSignIn,
  fieldError,
  postForm,
  type ConsoleSession as Session,
} from './support/console-session';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';

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
    await items[1].ok(w.submitter, 'WITHDRAW');
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
