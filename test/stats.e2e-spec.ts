import {
  ItemDriver,
  basicResearch,
  buildWorld,
  majorApplication,
  type World,
} from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * A small quarter with known counts: three items reported in November 2026, one entering the
 * library at 23:30 on November 30th and published at 00:30 on December 1st (Shanghai time), one
 * returned once, one left waiting after its batch closed, one whose experts never scored.
 */
describe('statistics', () => {
  let t: TestApp;
  let w: World;
  let a: ItemDriver; // 杭州 enterprise via the city bureau: all the way to published
  let b: ItemDriver; // 杭州 university reporting directly: left in its closed batch
  let c: ItemDriver; // 宁波 enterprise: returned once, then stuck in expert scoring
  const T0 = new Date('2026-11-05T02:00:00Z').getTime();
  const at = (hours: number) => t.clock.set(new Date(T0 + hours * 3600_000));
  const get = (path: string, who = w.office) => t.http().get(path).set(who.auth);

  beforeAll(async () => {
    t = await createTestApp({ now: new Date(T0) });
    w = await buildWorld(t);
    a = await ItemDriver.create(t, w);
    const create = async (who: World['submitter'], body: object) =>
      new ItemDriver(
        t,
        w,
        (await t.http().post('/api/achievements').set(who.auth).send(body).expect(201)).body.id,
      );
    b = await create(w.uniSubmitter, basicResearch());
    c = await create(
      w.nbSubmitter,
      majorApplication({
        completingUnits: [{ name: '宁波某某材料有限公司' }],
        completers: [{ name: '王五', unit: '宁波某某材料有限公司' }],
        ip: { owner: '宁波某某材料有限公司', patents: ['ZL202310000000.2'], noDispute: true },
      }),
    );
    await a.ok(w.submitter, 'SUBMIT');
    await b.ok(w.uniSubmitter, 'SUBMIT');
    await c.ok(w.nbSubmitter, 'SUBMIT');
    at(1);
    await c.ok(w.nbRecommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充应用证明' });
    at(2);
    await a.ok(w.recommender, 'RECOMMEND');
    at(3);
    await c.ok(w.nbSubmitter, 'RESUBMIT');
    at(4);
    await b.ok(w.uniRecommender, 'RECOMMEND');
    at(6);
    await c.ok(w.nbRecommender, 'RECOMMEND');
    // October's nil report, filed after October's close: a late month for 宁波市科学技术局.
    await t
      .http()
      .post('/api/collection/periods/2026-10/nil-report')
      .set(w.nbRecommender.auth)
      .send({ comment: '十月无成果' })
      .expect(201);

    t.clock.set(new Date('2026-11-11T02:00:00Z'));
    await a.ok(w.office, 'BATCH_CLOSE');
    await c.ok(w.office, 'BATCH_CLOSE');
    await a.ok(w.office, 'PASS_ELIGIBILITY', { comment: '形式审查通过' });
    t.clock.set(new Date('2026-11-12T02:00:00Z'));
    await a.score([90, 88, 85, 80, 92]);
    t.clock.set(new Date('2026-11-13T02:00:00Z'));
    await c.ok(w.office, 'PASS_ELIGIBILITY', { comment: '形式审查通过' });
    t.clock.set(new Date('2026-11-30T15:30:00Z')); // 23:30 on 30 November in Shanghai
    await a.ok(w.office, 'CONFIRM_VERIFICATION');
    t.clock.set(new Date('2026-11-30T16:30:00Z')); // 00:30 on 1 December in Shanghai
    await a.ok(w.office, 'PUBLISH');
    t.clock.set(new Date('2026-12-02T02:00:00Z'));
  });
  afterAll(() => t.close());

  const zero = {
    submitted: 0,
    recommended: 0,
    eligible: 0,
    scored: 0,
    verified: 0,
    inLibrary: 0,
    published: 0,
    featuredMonthly: 0,
    featuredQuarterly: 0,
    featuredAnnual: 0,
  };

  it('counts the funnel per city, on the right side of the Shanghai month boundary', async () => {
    const nov = (await get('/api/stats/funnel?period=2026-11&by=city').expect(200)).body;
    expect(nov.from).toBe('2026-10-31T16:00:00.000Z');
    expect(nov.totals).toEqual({
      ...zero,
      submitted: 3,
      recommended: 3,
      eligible: 2,
      scored: 1,
      verified: 1,
      inLibrary: 1,
    });
    expect(nov.rows).toEqual([
      {
        key: '杭州',
        label: '杭州',
        counts: {
          ...zero,
          submitted: 2,
          recommended: 2,
          eligible: 1,
          scored: 1,
          verified: 1,
          inLibrary: 1,
        },
      },
      {
        key: '宁波',
        label: '宁波',
        counts: { ...zero, submitted: 1, recommended: 1, eligible: 1 },
      },
    ]);
    const dec = (await get('/api/stats/funnel?period=2026-12').expect(200)).body;
    expect(dec.totals).toEqual({ ...zero, published: 1 });
  });

  it('groups by collecting body, domain and category and filters', async () => {
    const bodies = (await get('/api/stats/funnel?period=2026-Q4&by=body').expect(200)).body;
    expect(
      bodies.rows.map((r: { label: string; counts: { submitted: number } }) => [
        r.label,
        r.counts.submitted,
      ]),
    ).toEqual([
      ['杭州市科学技术局', 1],
      ['宁波市科学技术局', 1],
      ['某某大学', 1],
    ]);
    const category = (
      await get('/api/stats/funnel?period=2026&by=category&category=basicResearch').expect(200)
    ).body;
    expect(category.totals).toEqual({ ...zero, submitted: 1, recommended: 1 });
    expect(category.rows).toEqual([
      {
        key: 'basicResearch',
        label: '基础研究类',
        counts: { ...zero, submitted: 1, recommended: 1 },
      },
    ]);
    const domain = (
      await get('/api/stats/funnel?period=2026-Q4&by=domain&domain=integratedCircuits').expect(200)
    ).body;
    expect(domain.totals).toEqual({
      ...zero,
      submitted: 1,
      recommended: 1,
      eligible: 1,
      scored: 1,
      verified: 1,
      inLibrary: 1,
      published: 1,
    });
    expect(domain.rows[0].key).toBe('integratedCircuits');
    const ningbo = (await get('/api/stats/funnel?period=2026-Q4&city=宁波').expect(200)).body;
    expect(ningbo.totals).toEqual({ ...zero, submitted: 1, recommended: 1, eligible: 1 });
  });

  it('gives the trend month by month and progress against the annual target', async () => {
    const trend = (await get('/api/stats/trend?period=2026-Q4').expect(200)).body;
    expect(trend.months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(trend.series.submitted).toEqual([0, 3, 0]);
    expect(trend.series.inLibrary).toEqual([0, 1, 0]);
    expect(trend.series.published).toEqual([0, 0, 1]);

    expect((await get('/api/stats/targets?period=2026').expect(200)).body).toEqual({
      year: 2026,
      libraryEntries: { target: 100, actual: 1, share: 0.01 },
      landmarkResults: { target: 20, actual: 0, share: 0 },
    });
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ targets: { libraryEntries: 4 } })
      .expect(200);
    expect((await get('/api/stats/targets?period=2026').expect(200)).body.libraryEntries).toEqual({
      target: 4,
      actual: 1,
      share: 0.25,
    });
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ targets: { libraryEntries: 100 } })
      .expect(200);
  });

  it('tells each collecting body’s months: on time, late, nil, missed, not yet closed', async () => {
    const report = (await get('/api/stats/discipline?period=2026-Q4').expect(200)).body;
    const byName = new Map(
      report.bodies.map((r: { organization: { name: string } }) => [r.organization.name, r]),
    );
    // Registered on 5 November: October (closed on the 10th) was not yet theirs to report.
    expect(byName.get('杭州市科学技术局')).toMatchObject({
      months: { '2026-10': 'notRequired', '2026-11': 'onTime', '2026-12': 'pending' },
      share: 1,
    });
    expect(byName.get('宁波市科学技术局')).toMatchObject({
      months: { '2026-10': 'late', '2026-11': 'onTime', '2026-12': 'pending' },
      counts: { onTime: 1, late: 1, nil: 0, missed: 0, pending: 1, notRequired: 0 },
      share: 0.75,
    });
    expect(byName.get('某某研究院1')).toMatchObject({
      counts: { onTime: 0, late: 0, nil: 0, missed: 1, pending: 1, notRequired: 1 },
      share: 0,
    });
    // Bureaus of counties and the office itself collect nothing.
    expect(report.bodies).toHaveLength(8);
  });

  it('measures time in stage, what is overdue, expert punctuality and returns', async () => {
    const report = (await get('/api/stats/process?period=2026-Q4').expect(200)).body;
    const stage = (s: string) =>
      report.stages.find((x: { state: string }) => x.state === s) as Record<string, unknown>;
    // Stays in recommendation: A 2h, B 4h, C 1h then 3h.
    expect(stage('recommendation')).toEqual({
      state: 'recommendation',
      label: '待推荐',
      count: 4,
      medianHours: 2.5,
      p90Hours: 3.7,
    });
    expect(stage('returned')).toMatchObject({ count: 1, medianHours: 2, p90Hours: 2 });
    // In their batch until the close on 11 November 02:00Z: A 142h, C 138h.
    expect(stage('submitted')).toMatchObject({ count: 2, medianHours: 140, p90Hours: 141.6 });
    expect(stage('onSiteVerification')).toMatchObject({ count: 1 });
    expect(stage('inLibrary')).toMatchObject({ count: 1, medianHours: 1 });

    const panel = (await c.get()).scoring.panel as string[];
    expect(report.overdue.expertSeats).toHaveLength(panel.length);
    expect(report.overdue.expertSeats[0]).toMatchObject({ itemId: c.id });
    // Each seat names its item and expert; a city filter keeps only that city's items.
    for (const seat of report.overdue.expertSeats) {
      expect(seat).toEqual({
        itemId: c.id,
        title: expect.any(String),
        expert: expect.any(String),
        dueAt: expect.any(String),
      });
    }
    // The item in scoring is the Ningbo unit's.
    const ningbo = (await get('/api/stats/process?period=2026-Q4&city=宁波').expect(200)).body;
    expect(ningbo.overdue.expertSeats).toEqual(report.overdue.expertSeats);
    const hangzhou = (await get('/api/stats/process?period=2026-Q4&city=杭州').expect(200)).body;
    expect(hangzhou.overdue.expertSeats).toEqual([]);
    expect(report.overdue.batches).toEqual([
      {
        itemId: b.id,
        title: '新型拓扑量子材料的发现',
        period: '2026-11',
        closedAt: '2026-11-10T16:00:00.000Z',
      },
    ]);
    expect(report.expertOnTime).toEqual({ due: 5, onTime: 5, rate: 1 });
    // Decisions: A recommend + pass, B recommend, C return + recommend + pass.
    expect(report.returns).toEqual({ decisions: 6, returned: 1, rate: 0.167 });
  });

  it('ranks cities and bodies by the documented weights, and the weights change the order', async () => {
    const ranking = (await get('/api/stats/ranking?period=2026-Q4').expect(200)).body;
    expect(ranking.weights).toEqual({
      libraryEntries: 35,
      published: 25,
      landmark: 15,
      discipline: 25,
    });
    const top = (rows: { name: string; score: number }[]) =>
      rows.slice(0, 3).map((r) => [r.name, r.score]);
    // 杭州's bodies: two of 7 owed months on time (0.286, scaled 38.1 against 宁波's 0.75); no
    // annual list is issued here, so landmark results score 0 for everyone.
    expect(top(ranking.cities)).toEqual([
      ['杭州', 69.52],
      ['宁波', 25],
      [expect.any(String), 0],
    ]);
    expect(top(ranking.bodies)).toEqual([
      ['杭州市科学技术局', 85],
      ['某某大学', 25],
      ['宁波市科学技术局', 18.75],
    ]);
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { libraryEntries: 0, published: 0, landmark: 0, discipline: 100 } })
      .expect(200);
    const reordered = (await get('/api/stats/ranking?period=2026-Q4').expect(200)).body;
    expect(top(reordered.cities)).toEqual([
      ['宁波', 100],
      ['杭州', 38.1],
      [expect.any(String), 0],
    ]);
    expect(
      reordered.bodies.slice(0, 3).map((r: { name: string; rank: number }) => [r.name, r.rank]),
    ).toEqual([
      ['杭州市科学技术局', 1],
      ['某某大学', 1],
      ['宁波市科学技术局', 3],
    ]);
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { libraryEntries: 35, published: 25, landmark: 15, discipline: 25 } })
      .expect(200);
  });

  it('lets a city bureau see its own city only, and nobody else but the office and admins', async () => {
    const own = (await get('/api/stats/funnel?period=2026-11', w.recommender).expect(200)).body;
    expect(own.filters.city).toBe('杭州');
    expect(own.totals.submitted).toBe(2);
    await get('/api/stats/funnel?period=2026-11&city=宁波', w.recommender).expect(403);
    await get('/api/stats/ranking?period=2026-Q4', w.recommender).expect(403);
    await get('/api/stats/funnel', w.uniRecommender).expect(403);
    await get('/api/stats/process', w.submitter).expect(403);
    await get('/api/stats/funnel', w.experts[0]).expect(403);
    await get('/api/stats/settings', w.submitter).expect(403);
    await t.http().put('/api/stats/settings').set(w.office.auth).send({}).expect(403);
    await t.http().get('/api/stats/funnel').expect(401);
    expect((await get('/api/stats/funnel', w.admin).expect(200)).body.period).toBe('2026');
  });

  it('refuses bad filters and settings with a Chinese message per field', async () => {
    const res = await get('/api/stats/funnel?period=2026-13&category=poetry&by=planet').expect(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(['by', 'category', 'period']);
    expect(res.body.errors.period).toEqual(['必须是 YYYY、YYYY-Q1…Q4 或 YYYY-MM 格式的统计期']);
    expect(res.body.errors.category[0]).toMatch(/^取值不在允许范围内/);
    const bad = await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { published: -1, landmark: 101 }, targets: { libraryEntries: 1.5 } })
      .expect(400);
    expect(bad.body.errors).toEqual({
      'weights.published': ['不能小于0'],
      'weights.landmark': ['不能大于100'],
      'targets.libraryEntries': ['必须是整数'],
    });
    const allZero = await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { libraryEntries: 0, published: 0, landmark: 0, discipline: 0 } })
      .expect(400);
    expect(allZero.body.errors).toEqual({ weights: ['至少一项权重须大于 0'] });
    expect((await get('/api/stats/settings').expect(200)).body.weights).toEqual({
      libraryEntries: 35,
      published: 25,
      landmark: 15,
      discipline: 25,
    });
  });
});
