import { pdf } from './support/attachment-fixtures';
import { consoleSignIn, postForm, type ConsoleSession } from './support/console-session';
import { scriptBytes as countScriptBytes } from './support/dashboard-charts';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, type World } from './support/world';

/**
 * Issue 16 for the unit, over HTTP: a change that does not move the state (an attachment added or
 * removed) does not make the next action stale, and a real conflict says who did what and when;
 * and no console page loads more than 300 KB of script.
 */
describe('the unit console (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const upload = (id: string) =>
    t
      .http()
      .post(`/api/achievements/${id}/attachments`)
      .set(w.submitter.auth)
      .attach('file', pdf(), 'proof.pdf')
      .field('kind', 'other')
      .expect(201);

  describe('stale versions', () => {
    it('an attachment added and removed after the page was read does not make SUBMIT a 409', async () => {
      const item = await ItemDriver.create(t, w);
      const { version } = await item.get(w.submitter);
      const added = await upload(item.id);
      await t
        .http()
        .delete(`/api/achievements/${item.id}/attachments/${added.body.id}`)
        .set(w.submitter.auth)
        .expect(204);
      await upload(item.id);
      expect((await item.get()).version).toBe(version + 3);
      const res = await item.send(w.submitter, 'SUBMIT', { expectedVersion: version });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'recommendation', version: version + 4 });
    });

    it('a transition since is a conflict that names the person, the action and the time', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      const { version } = await item.get(w.submitter);
      await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '补充数据' });
      await upload(item.id);
      const res = await item.send(w.submitter, 'WITHDRAW', {
        expectedVersion: version,
        comment: '撤回',
      });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe(
        'recommender已于 2026/11/05 10:00 执行了「退回修改」,当前状态为「退回修改」。请刷新页面查看后再操作',
      );
      expect(res.body.message).not.toContain('他人');
    });

    it("the person's own change in another tab is named as theirs, not as someone else's", async () => {
      const item = await ItemDriver.create(t, w);
      const { version } = await item.get(w.submitter);
      await item.ok(w.submitter, 'SUBMIT');
      const res = await item.send(w.submitter, 'WITHDRAW', {
        expectedVersion: version,
        comment: '撤回',
      });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe(
        '您已于 2026/11/05 10:00 在其他页面执行了「提交推荐」,当前状态为「待推荐」。本页面已过期,请刷新后再操作',
      );
    });
  });

  describe('script per console page', () => {
    const LIMIT = 300 * 1024;
    let submitter: ConsoleSession;
    let office: ConsoleSession;
    let itemId: string;

    beforeAll(async () => {
      submitter = await consoleSignIn(t, 'submitter');
      office = await consoleSignIn(t, 'office');
      const item = await ItemDriver.create(t, w);
      await upload(item.id);
      itemId = item.id;
    });

    /** The page's script bytes (shared counter), after checking it has no inline script. */
    async function scriptBytes(who: ConsoleSession, path: string): Promise<number> {
      const page = await t.http().get(path).set('Cookie', who.cookie);
      expect([path, page.status]).toEqual([path, 200]);
      const inline = [...page.text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)];
      expect(inline).toEqual([]);
      return countScriptBytes(t, page.text);
    }

    // /stats included: its charts are drawn on the server, and ECharts (1.1 MB) must not come back.
    it.each([
      ['submitter', '/tasks'],
      ['submitter', '/items'],
      ['submitter', '/items/new'],
      ['submitter', '/items/:id'],
      ['submitter', '/items/:id/edit'],
      ['submitter', '/items/:id/diagram'],
      ['submitter', '/items/:id/print'],
      ['submitter', '/inbox'],
      ['submitter', '/library'],
      ['office', '/items/:id'],
      ['office', '/collection'],
      ['office', '/review'],
      ['office', '/audit'],
      ['office', '/editions'],
      ['office', '/stats'],
    ])('%s %s loads at most 300 KB of script', async (who, path) => {
      const bytes = await scriptBytes(
        who === 'office' ? office : submitter,
        path.replace(':id', itemId),
      );
      expect(bytes).toBeLessThanOrEqual(LIMIT);
    });
  });

  it('the console removes an attachment only for the owning unit, while the item is editable', async () => {
    const item = await ItemDriver.create(t, w);
    const added = await upload(item.id);
    const recommender = await consoleSignIn(t, 'recommender');
    const path = `/items/${item.id}/attachments/${added.body.id}/delete`;
    expect((await postForm(t, recommender, path, {})).status).toBe(403);
    const nb = await consoleSignIn(t, 'nb-submitter');
    expect((await postForm(t, nb, path, {})).status).toBe(403);
    const owner = await consoleSignIn(t, 'submitter');
    const removed = await postForm(t, owner, path, {});
    expect(removed.status).toBe(303);
    const list = await t
      .http()
      .get(`/api/achievements/${item.id}/attachments`)
      .set(w.submitter.auth)
      .expect(200);
    expect(list.body).toEqual([]);
    const history = await t
      .http()
      .get(`/api/achievements/${item.id}/history`)
      .set(w.office.auth)
      .expect(200);
    expect(history.body.map((r: { eventType: string }) => r.eventType)).toContain(
      'ATTACHMENT_REMOVED',
    );
  });
});
