import { EmailDispatcher } from '../src/notifications/email-dispatcher.service';
import { User } from '../src/users/user.entity';
import { SmtpCapture, type CapturedMail } from './support/smtp-capture';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  addUser,
  buildWorld,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';

interface Inbox {
  items: { kind: string; subject: string; body: string; link: string | null }[];
  unreadCount: number;
}

const UNIT_MAIL = 'unit@example.test';
/** Nothing a unit reads may carry an event code, a state key or a UTC instant. */
const CODE =
  /[A-Z]{3,}_[A-Z_]+|eligibilityCheck|expertScoring|onSiteVerification|inLibrary|\d{4}-\d{2}-\d{2}T/;

describe('decision notices: the owning unit hears of every decision on its item', () => {
  const smtp = new SmtpCapture();
  let t: TestApp;
  let w: World;
  let office2: Login;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({
      now: new Date('2026-11-05T10:00:00+08:00'),
      config: { smtpUrl: smtp.url },
    });
    w = await buildWorld(t);
    await t.orm.em.fork().nativeUpdate(User, { id: w.submitter.id }, { email: UNIT_MAIL });
    // A second office user issues editions, so that a four-eyes rule cannot stop the test.
    office2 = await addUser(t, w.securityAdmin, 'office2', w.office.organizationId, [
      'officeStaff',
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  const inbox = async (who: Login = w.submitter): Promise<Inbox> =>
    (await t.http().get('/api/notifications?limit=100').set(who.auth).expect(200)).body;

  /** The newest notice of a kind in the unit's inbox, and the e-mail it became. */
  async function notice(kind: string, title: string) {
    const found = (await inbox()).items.find((n) => n.kind === kind && n.subject.includes(title));
    expect(found).toBeDefined();
    await t.app.get(EmailDispatcher).dispatchDue();
    const mail = smtp.messages.find((m: CapturedMail) => m.subject === found!.subject);
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual([UNIT_MAIL]);
    expect(mail!.text).toContain(found!.body.split('\n')[0]);
    expect(`${found!.subject}\n${found!.body}\n${mail!.text}`).not.toMatch(CODE);
    return { n: found!, mail: mail! };
  }

  it('returned: the reason and a link straight to the edit form, to the unit only', async () => {
    const item = await ItemDriver.create(t, w, techBreakthrough({ title: '退回用芯片' }));
    await item.ok(w.submitter, 'SUBMIT');
    await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充产业化数据' });
    const { n, mail } = await notice('decision.returned', '退回用芯片');
    expect(n.subject).toBe('【退回修改】《退回用芯片》已被退回');
    expect(n.body).toContain('退回理由:请补充产业化数据');
    expect(n.body).toContain('2026/11/05 10:00'); // Beijing time, through the one formatter
    expect(n.body).toContain('推荐单位');
    expect(n.link).toBe(`/items/${item.id}/edit`);
    expect(mail.text).toContain(`查看详情:/items/${item.id}/edit`);
    // The recommender who decided and units elsewhere hear nothing of it.
    expect((await inbox(w.recommender)).items.some((x) => x.kind.startsWith('decision.'))).toBe(
      false,
    );
    expect((await inbox(w.nbSubmitter)).items).toEqual([]);
    // The same transition is one notice; the unread count counts it.
    expect((await inbox()).items.filter((x) => x.subject === n.subject)).toHaveLength(1);
    expect((await inbox()).unreadCount).toBeGreaterThanOrEqual(1);
  });

  it('declined (不予推荐): the recommender’s reason', async () => {
    const item = await ItemDriver.create(t, w, techBreakthrough({ title: '不予推荐用芯片' }));
    await item.ok(w.submitter, 'SUBMIT');
    await item.ok(w.recommender, 'DECLINE', { comment: '不属于本年度征集范围' });
    const { n } = await notice('decision.declined', '不予推荐用芯片');
    expect(n.subject).toContain('【不予推荐】');
    expect(n.body).toContain('不予推荐');
    expect(n.body).toContain('理由:不属于本年度征集范围');
    expect(n.link).toBe(`/items/${item.id}`);
  });

  it('rejected at 形式审查: the failed eligibility rule in words and the office’s reason', async () => {
    const item = await ItemDriver.create(
      t,
      w,
      techBreakthrough({
        title: '中试芯片',
        evidence: { replaces: '进口碳化硅MOSFET', industrialization: '处于中试阶段' },
      }),
    );
    await item.toEligibility();
    await item.ok(w.office, 'REJECT', { comment: '尚无产业化证据' });
    const { n, mail } = await notice('decision.rejected', '中试芯片');
    expect(n.subject).toContain('形式审查');
    expect(n.body).toContain(
      '写明所替代的"卡脖子"环节或进口产品,并有产业化证据:产业化证据未说明产品、客户、销售额或产量',
    );
    expect(n.body).toContain('理由:尚无产业化证据');
    expect(mail.text).toContain('产业化证据未说明产品、客户、销售额或产量');
  });

  it('rejected by the panel: the panel’s score against the threshold', async () => {
    const item = await ItemDriver.create(t, w, techBreakthrough({ title: '低分芯片' }));
    await item.toScoring();
    await item.score([50, 52, 51, 50, 53]);
    expect((await item.get()).state).toBe('rejected');
    const { n } = await notice('decision.rejected', '低分芯片');
    expect(n.subject).toContain('专家评审');
    expect(n.body).toMatch(/专家评审综合得分 [\d.]+ 低于通过线 \d+/);
  });

  it('entered the library, published, and featured in an issued edition', async () => {
    const lib = await ItemDriver.create(t, w, techBreakthrough({ title: '入库芯片' }));
    await lib.toLibrary();
    const entered = await notice('decision.inLibrary', '入库芯片');
    expect(entered.n.subject).toBe('【已入库】《入库芯片》已入选省重大科技成果库');
    expect(entered.n.link).toBe(`/items/${lib.id}`);

    await lib.ok(w.office, 'PUBLISH');
    const published = await notice('decision.published', '入库芯片');
    expect(published.n.subject).toBe('【已发布】《入库芯片》已向社会公开发布');

    const featured = await ItemDriver.create(t, w, techBreakthrough({ title: '月报芯片' }));
    await featured.toLibrary();
    const office = (who: Login) => ({
      post: (path: string, body: object) => t.http().post(path).set(who.auth).send(body),
      patch: (path: string, body: object) => t.http().patch(path).set(who.auth).send(body),
      put: (path: string, body: object) => t.http().put(path).set(who.auth).send(body),
    });
    const draft = (
      await office(w.office)
        .post('/api/editions', { kind: 'monthly', period: '2026-11' })
        .expect(201)
    ).body as { id: string; version: number; items: { achievementId: string }[] };
    await office(w.office)
      .put(`/api/editions/${draft.id}/items`, {
        expectedVersion: draft.version,
        items: [{ achievementId: featured.id, blurb: '车规级碳化硅芯片实现量产' }],
      })
      .expect(200);
    await office(w.office)
      .patch(`/api/editions/${draft.id}`, {
        expectedVersion: draft.version + 1,
        distributionList: ['省委办公厅'],
      })
      .expect(200);
    await office(w.office)
      .post(`/api/editions/${draft.id}/submit`, { expectedVersion: draft.version + 2 })
      .expect(200);
    await office(office2)
      .post(`/api/editions/${draft.id}/issue`, { expectedVersion: draft.version + 3 })
      .expect(200);
    const f = await notice('decision.featured', '月报芯片');
    expect(f.n.subject).toBe('【入选发布】《月报芯片》入选2026年第11期月报');
    expect(f.n.link).toBe(`/public/editions/${draft.id}`);
    // An edition that does not feature an item tells its unit nothing about that edition.
    expect(
      (await inbox()).items.filter(
        (n) => n.kind === 'decision.featured' && n.subject.includes('入库芯片'),
      ),
    ).toEqual([]);
  });

  it('writes nothing when the decision rolls back', async () => {
    const item = await ItemDriver.create(t, w, techBreakthrough({ title: '冲突芯片' }));
    await item.ok(w.submitter, 'SUBMIT');
    const before = (await inbox()).items.length;
    // A stale version: the runner refuses, and the notice of that return is never written.
    await item
      .send(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '补充材料', expectedVersion: 1 })
      .expect(409);
    expect((await inbox()).items.length).toBe(before);
  });
});
