import { CollectionCycleService } from '../src/collection/collection-cycle.service';
import {
  ItemDriver,
  addUser,
  buildWorld,
  login,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * A month driven by a clock we control: reminders on the right days to the right bodies only,
 * exactly once, the close at the end of the 10th in Asia/Shanghai time, catch-up after downtime,
 * and the county → city → province reporting chain.
 */
describe('monthly collection cycle', () => {
  let t: TestApp;
  let w: World;
  let cycle: CollectionCycleService;
  let county: { id: string };
  let countyEnterprise: { id: string };
  let countyRecommender: Login;
  let countySubmitter: Login;

  const tickAt = async (iso: string) => {
    t.clock.set(new Date(iso));
    return cycle.tick();
  };
  const inbox = async (who: Login) =>
    (await t.http().get('/api/notifications').set(who.auth).expect(200)).body as {
      items: { kind: string; subject: string; body: string }[];
    };
  const kinds = async (who: Login) => (await inbox(who)).items.map((n) => n.kind).sort();

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-01T00:30:00+08:00') });
    w = await buildWorld(t);
    cycle = t.app.get(CollectionCycleService);
    const org = async (body: Record<string, unknown>) =>
      (await t.http().post('/api/organizations').set(w.admin.auth).send(body).expect(201)).body as {
        id: string;
      };
    county = await org({
      name: '西湖区科学技术局',
      type: 'countyBureau',
      city: '杭州',
      county: '西湖区',
      reportsThroughId: w.orgs.hzBureau.id,
    });
    countyEnterprise = await org({
      name: '西湖某某智能科技有限公司',
      type: 'enterprise',
      city: '杭州',
      county: '西湖区',
      reportsThroughId: county.id,
    });
    const user = (username: string, organizationId: string, roles: string[]) =>
      addUser(t, w.securityAdmin, username, organizationId, roles);
    countyRecommender = await user('county-rec', county.id, ['recommender']);
    countySubmitter = await user('county-sub', countyEnterprise.id, ['submitter']);
  });
  afterAll(() => t.close());

  it('refuses a county bureau that does not report through its city bureau, writing nothing', async () => {
    const before = (await t.http().get('/api/organizations').set(w.admin.auth).expect(200)).body
      .length;
    const postCounty = (extra: Record<string, unknown>) =>
      t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({ name: '拱墅区科学技术局', type: 'countyBureau', city: '杭州', ...extra })
        .expect(400);
    for (const res of [await postCounty({}), await postCounty({ reportsThroughId: county.id })]) {
      expect(res.body.errors.reportsThroughId).toEqual([
        '县(市、区)科技局须通过所在设区市科技局报送',
      ]);
    }
    expect(
      (await t.http().get('/api/organizations').set(w.admin.auth).expect(200)).body,
    ).toHaveLength(before);
  });

  it('runs a month: chain, nil report, reminders, the close at the Shanghai day boundary', async () => {
    expect(await tickAt('2026-11-01T00:30:00+08:00')).toBe(0);

    // A county enterprise's item: county → city → province.
    const created = await t
      .http()
      .post('/api/achievements')
      .set(countySubmitter.auth)
      .send(techBreakthrough({ title: '面向工业视觉的边缘智能芯片' }))
      .expect(201);
    const item = new ItemDriver(t, w, created.body.id);
    await item.ok(countySubmitter, 'SUBMIT');
    await item.send(w.recommender, 'RECOMMEND').expect(403); // the city waits for the county
    expect(await item.ok(countyRecommender, 'RECOMMEND')).toMatchObject({
      state: 'recommendation',
    });
    await item.send(countyRecommender, 'RECOMMEND').expect(403); // the county has had its say
    const detail = await item.get();
    expect(detail.recommendation).toEqual({ chain: [county.id, w.orgs.hzBureau.id], level: 1 });

    // Each level sees only the items of the units under it.
    const listFor = async (who: Login) =>
      (await t.http().get('/api/achievements').set(who.auth).expect(200)).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(await listFor(countyRecommender)).toEqual([item.id]);
    expect(await listFor(w.recommender)).toContain(item.id);
    expect(await listFor(w.nbRecommender)).not.toContain(item.id);
    const cityItem = await ItemDriver.create(t, w);
    expect(await listFor(countyRecommender)).not.toContain(cityItem.id);
    await t.http().get(`/api/achievements/${cityItem.id}`).set(countyRecommender.auth).expect(403);

    // The university has nothing this month and says so.
    const nil = await t
      .http()
      .post('/api/collection/periods/2026-11/nil-report')
      .set(w.uniRecommender.auth)
      .send({ comment: '本月无符合条件的成果' })
      .expect(201);
    // Who said so and when is kept: the recommender's name and the (Shanghai 00:30) clock time.
    expect(nil.body).toMatchObject({
      status: 'nil',
      reported: 0,
      nilReport: {
        filedBy: 'uni-recommender',
        filedAt: '2026-10-31T16:30:00.000Z',
        comment: '本月无符合条件的成果',
      },
    });
    await t
      .http()
      .post('/api/collection/periods/2026-11/nil-report')
      .set(w.uniRecommender.auth)
      .send({})
      .expect(409);
    await t
      .http()
      .post('/api/collection/periods/2026-11/nil-report')
      .set(w.submitter.auth)
      .send({})
      .expect(403);

    // Nothing before the first reminder time: 5 days before the close is 00:00 on 6 Nov, Shanghai.
    expect(await tickAt('2026-11-05T23:59:00+08:00')).toBe(0);
    expect(await kinds(w.recommender)).toEqual([]);
    expect(await tickAt('2026-11-06T00:00:00+08:00')).toBe(1);
    expect(await kinds(w.recommender)).toEqual(['collection.reminder']);
    expect(await kinds(w.nbRecommender)).toEqual(['collection.reminder']);
    expect(await kinds(w.uniRecommender)).toEqual([]); // filed a nil report
    expect((await inbox(w.nbRecommender)).items[0].subject).toContain('5 天后截止');
    // A second run, and a second instance's run, change nothing.
    await cycle.tick();
    await Promise.all([cycle.tick(), cycle.tick()]);
    expect(await kinds(w.recommender)).toEqual(['collection.reminder']);

    // Hangzhou reports; only Ningbo gets the last-day reminder.
    expect(await item.ok(w.recommender, 'RECOMMEND')).toMatchObject({ state: 'submitted' });
    expect((await item.get()).period).toBe('2026-11');
    // Two runs at once, then each reminder fired again as a second instance would after a lost
    // lease: the (body, period, kind) key lets only the first through.
    t.clock.set(new Date('2026-11-10T00:00:00+08:00'));
    await Promise.all([cycle.tick(), cycle.tick()]);
    expect(await cycle.remind('2026-11', 1)).toBe(0);
    expect(await cycle.remind('2026-11', 5)).toBe(0);
    expect(await kinds(w.recommender)).toEqual(['collection.reminder']);
    expect(await kinds(w.nbRecommender)).toEqual(['collection.reminder', 'collection.reminder']);

    const status = await t
      .http()
      .get('/api/collection/periods/2026-11/status')
      .set(w.office.auth)
      .expect(200);
    const byName = (name: string) =>
      status.body.bodies.find(
        (b: { organization: { name: string } }) => b.organization.name === name,
      );
    expect(status.body.state).toBe('open');
    expect(byName('杭州市科学技术局')).toMatchObject({ status: 'reported', reported: 1 });
    expect(byName('某某大学')).toMatchObject({
      status: 'nil',
      nilReport: {
        filedBy: 'uni-recommender',
        filedAt: '2026-10-31T16:30:00.000Z',
        comment: '本月无符合条件的成果',
      },
    });
    expect(byName('宁波市科学技术局')).toMatchObject({ status: 'pending', reported: 0 });
    expect(
      status.body.bodies.map((b: { organization: { name: string } }) => b.organization.name),
    ).not.toContain('西湖区科学技术局');
    await t
      .http()
      .get('/api/collection/periods/2026-11/status')
      .set(w.recommender.auth)
      .expect(403);

    // The last second of the 10th in Shanghai is still November; the close comes at midnight.
    await tickAt('2026-11-10T23:59:59+08:00');
    expect((await item.get()).state).toBe('submitted');
    const late = await ItemDriver.create(t, w);
    await late.ok(w.submitter, 'SUBMIT');
    await late.ok(w.recommender, 'RECOMMEND');
    expect((await late.get()).period).toBe('2026-11');

    expect(await tickAt('2026-11-11T00:00:00+08:00')).toBeGreaterThanOrEqual(1);
    expect((await item.get()).state).toBe('eligibilityCheck');
    expect((await late.get()).state).toBe('eligibilityCheck');
    expect(await kinds(w.nbRecommender)).toEqual([
      'collection.overdue',
      'collection.reminder',
      'collection.reminder',
    ]);
    expect(await kinds(w.recommender)).toEqual(['collection.reminder']);
    const summary = (await inbox(w.office)).items.find((n) => n.kind === 'collection.summary');
    expect(summary?.body).toContain('2 项成果进入形式审查');
    expect(summary?.body).toContain('宁波市科学技术局');
    const closed = await t
      .http()
      .get('/api/collection/periods/2026-11/status')
      .set(w.office.auth)
      .expect(200);
    expect(closed.body.state).toBe('closed');

    // After the close, a recommendation joins December's batch.
    const december = await ItemDriver.create(t, w);
    await december.ok(w.submitter, 'SUBMIT');
    await december.ok(w.recommender, 'RECOMMEND');
    expect((await december.get()).period).toBe('2026-12');

    // Running the close again, twice at once, changes nothing: no second BATCH_CLOSE, no notice.
    await Promise.all([cycle.closeAndNotify('2026-11'), cycle.closeAndNotify('2026-11')]);
    for (const closedItem of [item, late]) {
      const rows = (
        await t.http().get(`/api/achievements/${closedItem.id}/history`).set(w.office.auth)
      ).body as { eventType: string }[];
      expect(rows.filter((r) => r.eventType === 'BATCH_CLOSE')).toHaveLength(1);
    }
    expect(
      (await inbox(w.office)).items.filter((n) => n.kind === 'collection.summary'),
    ).toHaveLength(1);
    expect(await kinds(w.nbRecommender)).toEqual([
      'collection.overdue',
      'collection.reminder',
      'collection.reminder',
    ]);
  });

  it('lets the office reopen a closed period for late reports, with the reason audited', async () => {
    await t
      .http()
      .post('/api/collection/periods/2026-11/reopen')
      .set(w.office.auth)
      .send({ closesAt: '2026-11-13T23:59:59+08:00' })
      .expect(400);
    // A reason of blanks is no reason: refused field by field, the period stays closed.
    const blank = await t
      .http()
      .post('/api/collection/periods/2026-11/reopen')
      .set(w.office.auth)
      .send({ reason: ' \n\t ', closesAt: '2026-11-14T00:00:00+08:00' })
      .expect(400);
    expect(Object.keys(blank.body.errors)).toEqual(['reason']);
    expect(
      (await t.http().get('/api/collection/periods/2026-11/status').set(w.office.auth)).body.state,
    ).toBe('closed');
    const reopened = await t
      .http()
      .post('/api/collection/periods/2026-11/reopen')
      .set(w.office.auth)
      .send({ reason: '宁波市因系统故障未能按时报送', closesAt: '2026-11-14T00:00:00+08:00' })
      .expect(200);
    expect(reopened.body).toMatchObject({ state: 'open', reopenings: 1 });
    await t
      .http()
      .post('/api/collection/periods/2026-11/reopen')
      .set(w.recommender.auth)
      .send({ reason: 'x', closesAt: '2026-11-14T00:00:00+08:00' })
      .expect(403);

    const nbItem = await t
      .http()
      .post('/api/achievements')
      .set(w.nbSubmitter.auth)
      .send(
        techBreakthrough({
          title: '高性能稀土永磁材料',
          completingUnits: [{ name: '宁波某某材料有限公司' }],
        }),
      )
      .expect(201);
    const nb = new ItemDriver(t, w, nbItem.body.id);
    await nb.ok(w.nbSubmitter, 'SUBMIT');
    await nb.ok(w.nbRecommender, 'RECOMMEND');
    expect((await nb.get()).period).toBe('2026-11');

    await tickAt('2026-11-13T23:00:00+08:00');
    expect((await nb.get()).state).toBe('submitted');
    await tickAt('2026-11-14T00:00:01+08:00');
    expect((await nb.get()).state).toBe('eligibilityCheck');
    // The second close has its own summary for the office; Ningbo's overdue notice is not repeated.
    const summaries = (await inbox(w.office)).items.filter((n) => n.kind === 'collection.summary');
    expect(summaries).toHaveLength(2);
    expect(summaries[0].subject).toContain('第 1 次重新开放后');
    expect(summaries[0].body).toContain('重新开放后已截止:1 项成果进入形式审查');
    expect((await kinds(w.nbRecommender)).filter((k) => k === 'collection.overdue')).toHaveLength(
      1,
    );

    const audit = await t.http().get('/api/audit?event=REOPEN').set(w.office.auth).expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      comment: '宁波市因系统故障未能按时报送',
      actorId: w.office.id,
    });
    expect((await t.http().get('/api/audit/verify').set(w.office.auth).expect(200)).body.ok).toBe(
      true,
    );
  });

  it('catches up after downtime: a missed close runs once on the next tick, stale reminders do not', async () => {
    // December's item waits in its batch; the server is "down" from 14 Nov to 20 Dec.
    const before = (await inbox(w.nbRecommender)).items.length;
    expect(await tickAt('2026-12-20T09:00:00+08:00')).toBeGreaterThanOrEqual(1);
    const december = (
      await t.http().get('/api/achievements?state=eligibilityCheck').set(w.office.auth).expect(200)
    ).body.items.filter((i: { period: string }) => i.period === '2026-12');
    expect(december).toHaveLength(1);
    const after = await kinds(w.nbRecommender);
    // No late "5 days left" reminders; one overdue notice for December.
    expect(after.length - before).toBe(1);
    expect(after.filter((k) => k === 'collection.overdue')).toHaveLength(2);
    expect(await cycle.tick()).toBe(0);
  });

  it('sends an item that returns to submitted after its batch closed on to eligibility check', async () => {
    // Recommended on 20 December: January's batch. A dispute holds it over the close.
    const item = await ItemDriver.create(t, w);
    await item.toSubmitted();
    expect((await item.get()).period).toBe('2027-01');
    await item.ok(w.office, 'RAISE_DISPUTE', { comment: '第三方主张专利权属' });
    await tickAt('2027-01-11T00:00:00+08:00');
    const january = await t
      .http()
      .get('/api/collection/periods/2027-01/status')
      .set(w.office.auth)
      .expect(200);
    expect(january.body.state).toBe('closed');
    expect((await item.get()).state).toBe('suspended');

    t.clock.set(new Date('2027-01-15T10:00:00+08:00'));
    await item.ok(w.office, 'RESOLVE_DISPUTE', { comment: '权属已澄清' });
    expect((await item.get()).state).toBe('submitted');
    expect(await cycle.tick()).toBe(1);
    expect((await item.get()).state).toBe('eligibilityCheck');
    const rows = (
      await t.http().get(`/api/achievements/${item.id}/history`).set(w.office.auth).expect(200)
    ).body as { eventType: string; actorId: string; at: string }[];
    expect(rows.filter((r) => r.eventType === 'BATCH_CLOSE')).toEqual([
      expect.objectContaining({ actorId: 'system', at: '2027-01-15T02:00:00.000Z' }),
    ]);
    expect(await cycle.tick()).toBe(0);
  });

  it('lets each level of the chain return with a comment or decline, each hop audited', async () => {
    const countyItem = async (title: string) => {
      const res = await t
        .http()
        .post('/api/achievements')
        .set(countySubmitter.auth)
        .send(techBreakthrough({ title }))
        .expect(201);
      const driver = new ItemDriver(t, w, res.body.id);
      await driver.ok(countySubmitter, 'SUBMIT');
      return driver;
    };
    const level = async (item: ItemDriver) => (await item.get()).recommendation.level;

    // The county returns (a comment is required), the unit amends, the county passes it on; the
    // city returns it too, and the amended item starts again at the county.
    const a = await countyItem('县级退回再推荐的成果');
    await a.send(countyRecommender, 'RETURN_FOR_AMENDMENT').expect(400);
    await a.ok(countyRecommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充县级推荐意见' });
    await a.ok(countySubmitter, 'RESUBMIT');
    expect(await level(a)).toBe(0);
    await a.ok(countyRecommender, 'RECOMMEND');
    expect(await level(a)).toBe(1);
    await a.send(w.recommender, 'RETURN_FOR_AMENDMENT').expect(400);
    await a.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充应用证明' });
    await a.ok(countySubmitter, 'RESUBMIT');
    expect(await level(a)).toBe(0);
    await a.send(w.recommender, 'RECOMMEND').expect(403);
    await a.ok(countyRecommender, 'RECOMMEND');
    expect(await a.ok(w.recommender, 'RECOMMEND')).toMatchObject({ state: 'submitted' });

    const hops = (
      await t.http().get(`/api/achievements/${a.id}/history`).set(w.office.auth).expect(200)
    ).body
      .filter((r: { eventType: string }) =>
        ['RECOMMEND', 'RETURN_FOR_AMENDMENT', 'DECLINE'].includes(r.eventType),
      )
      .map((r: { eventType: string; actorId: string; toState: string; comment: string | null }) => [
        r.eventType,
        r.actorId,
        r.toState,
        r.comment,
      ]);
    expect(hops).toEqual([
      ['RETURN_FOR_AMENDMENT', countyRecommender.id, 'returned', '请补充县级推荐意见'],
      ['RECOMMEND', countyRecommender.id, 'recommendation', null],
      ['RETURN_FOR_AMENDMENT', w.recommender.id, 'returned', '请补充应用证明'],
      ['RECOMMEND', countyRecommender.id, 'recommendation', null],
      ['RECOMMEND', w.recommender.id, 'submitted', null],
    ]);

    // Either level may decline, with a reason.
    const b = await countyItem('县级不予推荐的成果');
    await b.send(countyRecommender, 'DECLINE').expect(400);
    expect(await b.ok(countyRecommender, 'DECLINE', { comment: '不符合推荐条件' })).toMatchObject({
      state: 'rejected',
    });
    const c = await countyItem('市级不予推荐的成果');
    await c.ok(countyRecommender, 'RECOMMEND');
    await c.send(countyRecommender, 'DECLINE', { comment: '越级' }).expect(403);
    expect(await c.ok(w.recommender, 'DECLINE', { comment: '与本市重点方向不符' })).toMatchObject({
      state: 'rejected',
    });
  });
});

describe('collection with a configured close day and reminder offsets', () => {
  it('closes at the end of the configured day and reminds only at the configured offsets', async () => {
    const t = await createTestApp({
      now: new Date('2026-11-12T09:00:00+08:00'),
      config: { collectionCloseDay: 15, reminderDaysBefore: [3] },
    });
    try {
      const w = await buildWorld(t);
      const cycle = t.app.get(CollectionCycleService);
      const kinds = async (who: Login) =>
        (await t.http().get('/api/notifications').set(who.auth).expect(200)).body.items.map(
          (n: { kind: string }) => n.kind,
        );
      const tickAt = (iso: string) => {
        t.clock.set(new Date(iso));
        return cycle.tick();
      };
      // On the 12th November is still open (it would be December's with the default 10th).
      const item = await ItemDriver.create(t, w);
      await item.toSubmitted();
      expect((await item.get()).period).toBe('2026-11');
      const status = await t
        .http()
        .get('/api/collection/periods/2026-11/status')
        .set(w.office.auth)
        .expect(200);
      expect(status.body.closesAt).toBe('2026-11-15T16:00:00.000Z');

      // 3 days before the close is 00:00 on the 13th; the default 5- and 1-day reminders never come.
      expect(await tickAt('2026-11-12T23:59:59+08:00')).toBe(0);
      expect(await kinds(w.nbRecommender)).toEqual([]);
      expect(await tickAt('2026-11-13T00:00:00+08:00')).toBe(1);
      expect(await kinds(w.nbRecommender)).toEqual(['collection.reminder']);
      expect(
        (await t.http().get('/api/notifications').set(w.nbRecommender.auth)).body.items[0].subject,
      ).toContain('3 天后截止');
      expect(await kinds(w.recommender)).toEqual([]); // Hangzhou has reported
      await tickAt('2026-11-15T00:00:00+08:00');
      expect(await kinds(w.nbRecommender)).toEqual(['collection.reminder']);

      await tickAt('2026-11-15T23:59:59+08:00');
      expect((await item.get()).state).toBe('submitted');
      await tickAt('2026-11-16T00:00:00+08:00');
      expect((await item.get()).state).toBe('eligibilityCheck');
    } finally {
      await t.close();
    }
  });
});

describe('collection after a restart', () => {
  it('closes a batch whose close passed while the server was down, as it starts', async () => {
    const first = await createTestApp({ now: new Date('2026-11-03T10:00:00+08:00') });
    let second: TestApp | undefined;
    try {
      const w = await buildWorld(first);
      const item = await ItemDriver.create(first, w);
      await item.toSubmitted();
      await first.app.close(); // the server goes down before the close

      second = await createTestApp({
        now: new Date('2026-11-12T09:00:00+08:00'),
        config: {
          dataDir: first.config.dataDir,
          databaseUrl: first.config.databaseUrl,
          schedulerEnabled: true,
        },
      });
      const office = await login(second, 'office', 'Heron-Lake-2026!');
      const res = await second
        .http()
        .get(`/api/achievements/${item.id}`)
        .set(office.auth)
        .expect(200);
      expect(res.body.state).toBe('eligibilityCheck');
      const history = await second
        .http()
        .get(`/api/achievements/${item.id}/history`)
        .set(office.auth)
        .expect(200);
      const close = history.body.find((h: { eventType: string }) => h.eventType === 'BATCH_CLOSE');
      expect(close).toMatchObject({
        actorId: 'system',
        actorRole: 'system',
        at: '2026-11-12T01:00:00.000Z',
      });
    } finally {
      await second?.close();
      await first.close().catch(() => undefined); // already closed app; drops the database
    }
  });
});
