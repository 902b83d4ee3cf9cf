import { dashboardCharts } from './support/dashboard-charts';
import {
  ItemDriver,
  addSecondOffice,
  buildWorld,
  majorApplication,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';
import { StatsReportsService } from '../src/stats/stats-reports.service';
import { createTestApp, type TestApp } from './support/test-app';

interface EditionView {
  id: string;
  version: number;
  items: { achievementId: string; selected: boolean }[];
}

/**
 * The release figures: three 杭州 items and one 宁波 item reach the library in November 2026 and
 * are featured through the real editions API. November's monthly report is issued at 23:30 on
 * 30 November (Shanghai), December's at 00:30 on 1 December, so they fall in different months.
 * The Q4 release event follows in December; the 2026 annual list, issued in January 2027, picks
 * the 宁波 item only. A draft edition that is never issued must count for nothing.
 */
describe('statistics: release channels and landmark results', () => {
  let t: TestApp;
  let w: World;
  let h1: ItemDriver;
  let h2: ItemDriver;
  let h3: ItemDriver;
  let n1: ItemDriver;
  /** Issues the editions `office` submits (four eyes). */
  let office2: Login;
  const get = (path: string, who = w.office) => t.http().get(path).set(who.auth);
  const office = (method: 'post' | 'put' | 'patch', path: string, body: object = {}) =>
    t.http()[method](path).set(w.office.auth).send(body);

  /** Drafts, curates and issues an edition; `at` is when the office issues it. */
  async function issue(
    kind: 'monthly' | 'quarterly' | 'annual',
    period: string,
    items: { achievementId: string; selected?: boolean }[],
    at: string,
  ): Promise<EditionView> {
    const draft = (await office('post', '/api/editions', { kind, period }).expect(201))
      .body as EditionView;
    let version = (
      await office('put', `/api/editions/${draft.id}/items`, {
        expectedVersion: draft.version,
        items,
      }).expect(200)
    ).body.version as number;
    if (kind === 'monthly') {
      version = (
        await office('patch', `/api/editions/${draft.id}`, {
          expectedVersion: version,
          distributionList: ['省委办公厅', '各设区市科技局'],
        }).expect(200)
      ).body.version;
    }
    if (kind === 'quarterly') {
      version = (
        await office('patch', `/api/editions/${draft.id}`, {
          expectedVersion: version,
          eventDetails: { date: '2026-12-10', venue: '杭州国际博览中心' },
        }).expect(200)
      ).body.version;
    }
    version = (
      await office('post', `/api/editions/${draft.id}/submit`, { expectedVersion: version }).expect(
        200,
      )
    ).body.version;
    t.clock.set(new Date(at));
    return (
      await t
        .http()
        .post(`/api/editions/${draft.id}/issue`)
        .set(office2.auth)
        .send({ expectedVersion: version })
        .expect(200)
    ).body as EditionView;
  }

  /** A 宁波 enterprise's item, reported by the 宁波 bureau, through to the library. */
  async function ningboToLibrary(who: { submitter: Login; recommender: Login }) {
    const res = await t
      .http()
      .post('/api/achievements')
      .set(who.submitter.auth)
      .send(
        majorApplication({
          title: '海洋工程用高强耐蚀钢',
          completingUnits: [{ name: '宁波某某材料有限公司' }],
          completers: [{ name: '王五', unit: '宁波某某材料有限公司' }],
          ip: { owner: '宁波某某材料有限公司', patents: ['ZL202310000000.2'], noDispute: true },
        }),
      )
      .expect(201);
    const item = new ItemDriver(t, w, res.body.id);
    await item.ok(who.submitter, 'SUBMIT');
    await item.ok(who.recommender, 'RECOMMEND');
    await item.ok(w.office, 'BATCH_CLOSE');
    // Without the application proof the check flags it; the office passes it with a reason.
    await item.ok(w.office, 'PASS_ELIGIBILITY', { comment: '应用证明已线下核验' });
    await item.score([86, 84, 88, 85, 87]);
    await item.ok(w.office, 'CONFIRM_VERIFICATION');
    return item;
  }

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
    w = await buildWorld(t);
    office2 = await addSecondOffice(t, w);
    h1 = await ItemDriver.create(t, w, techBreakthrough({ title: '高性能碳化硅功率芯片' }));
    await h1.toLibrary();
    h2 = await ItemDriver.create(t, w, techBreakthrough({ title: '大口径光学元件超精密加工' }));
    await h2.toLibrary();
    h3 = await ItemDriver.create(t, w, techBreakthrough({ title: '高精度MEMS惯性传感器' }));
    await h3.toLibrary();
    n1 = await ningboToLibrary({ submitter: w.nbSubmitter, recommender: w.nbRecommender });

    await issue(
      'monthly',
      '2026-11',
      [{ achievementId: h1.id }, { achievementId: h2.id }],
      '2026-11-30T15:30:00Z', // 23:30 on 30 November in Shanghai
    );
    // h1 again: distinct items, so it counts once over the quarter.
    await issue(
      'monthly',
      '2026-12',
      [{ achievementId: h3.id }, { achievementId: n1.id }, { achievementId: h1.id }],
      '2026-11-30T16:30:00Z', // 00:30 on 1 December in Shanghai
    );
    await issue(
      'quarterly',
      '2026-Q4',
      [{ achievementId: h1.id }, { achievementId: n1.id }],
      '2026-12-10T02:00:00Z',
    );
    await issue(
      'annual',
      '2026',
      [
        { achievementId: n1.id, selected: true },
        { achievementId: h1.id, selected: false },
      ],
      '2027-01-05T02:00:00Z',
    );
    // A draft that is never issued features nothing.
    const draft = (await office('post', '/api/editions', { kind: 'monthly', period: '2027-01' }))
      .body as EditionView;
    await office('put', `/api/editions/${draft.id}/items`, {
      expectedVersion: draft.version,
      items: [{ achievementId: h2.id }, { achievementId: h3.id }],
    }).expect(200);
  });
  afterAll(() => t.close());

  const releases = (totals: Record<string, number>) => ({
    featuredMonthly: totals.featuredMonthly,
    featuredQuarterly: totals.featuredQuarterly,
    featuredAnnual: totals.featuredAnnual,
  });

  it('counts items featured per channel on the right side of the Shanghai month boundary', async () => {
    const nov = (await get('/api/stats/funnel?period=2026-11&by=city').expect(200)).body;
    expect(releases(nov.totals)).toEqual({
      featuredMonthly: 2,
      featuredQuarterly: 0,
      featuredAnnual: 0,
    });
    // Every item was also published by its first edition: in November, the first monthly's two.
    expect(nov.totals.published).toBe(2);
    expect(nov.totals.inLibrary).toBe(4);
    const novHz = nov.rows.find((r: { key: string }) => r.key === '杭州');
    expect(releases(novHz.counts)).toEqual({
      featuredMonthly: 2,
      featuredQuarterly: 0,
      featuredAnnual: 0,
    });
    expect(releases(nov.rows.find((r: { key: string }) => r.key === '宁波').counts)).toEqual({
      featuredMonthly: 0,
      featuredQuarterly: 0,
      featuredAnnual: 0,
    });

    const dec = (await get('/api/stats/funnel?period=2026-12&by=city').expect(200)).body;
    expect(releases(dec.totals)).toEqual({
      featuredMonthly: 3,
      featuredQuarterly: 2,
      featuredAnnual: 0,
    });
    expect(dec.totals.published).toBe(2);
    expect(
      Object.fromEntries(
        dec.rows.map((r: { key: string; counts: Record<string, number> }) => [
          r.key,
          releases(r.counts),
        ]),
      ),
    ).toEqual({
      杭州: { featuredMonthly: 2, featuredQuarterly: 1, featuredAnnual: 0 },
      宁波: { featuredMonthly: 1, featuredQuarterly: 1, featuredAnnual: 0 },
    });

    const q4 = (await get('/api/stats/funnel?period=2026-Q4').expect(200)).body;
    expect(releases(q4.totals)).toEqual({
      featuredMonthly: 4,
      featuredQuarterly: 2,
      featuredAnnual: 0,
    });
    // The annual list counts when it is issued (January 2027), not in the year it lists.
    const y2027 = (await get('/api/stats/funnel?period=2027&by=body').expect(200)).body;
    expect(releases(y2027.totals)).toEqual({
      featuredMonthly: 0,
      featuredQuarterly: 0,
      featuredAnnual: 1,
    });
    expect(
      y2027.rows.map((r: { label: string; counts: Record<string, number> }) => [
        r.label,
        r.counts.featuredAnnual,
      ]),
    ).toEqual([['宁波市科学技术局', 1]]);
  });

  it('filters the release figures by city, domain and category like the rest of the funnel', async () => {
    const ningbo = (await get('/api/stats/funnel?period=2026-Q4&city=宁波').expect(200)).body;
    expect(releases(ningbo.totals)).toEqual({
      featuredMonthly: 1,
      featuredQuarterly: 1,
      featuredAnnual: 0,
    });
    const category = (
      await get('/api/stats/funnel?period=2026-Q4&by=category&category=majorApplication').expect(
        200,
      )
    ).body;
    expect(releases(category.totals)).toEqual({
      featuredMonthly: 1,
      featuredQuarterly: 1,
      featuredAnnual: 0,
    });
    // A city bureau sees its own city's releases only.
    const own = (await get('/api/stats/funnel?period=2026-Q4', w.recommender).expect(200)).body;
    expect(releases(own.totals)).toEqual({
      featuredMonthly: 3,
      featuredQuarterly: 1,
      featuredAnnual: 0,
    });
  });

  it('gives the release channels month by month in the trend', async () => {
    const trend = (await get('/api/stats/trend?period=2026-Q4').expect(200)).body;
    expect(trend.months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(trend.series.featuredMonthly).toEqual([0, 2, 3]);
    expect(trend.series.featuredQuarterly).toEqual([0, 0, 2]);
    expect(trend.series.featuredAnnual).toEqual([0, 0, 0]);
    const y2027 = (await get('/api/stats/trend?period=2027-Q1').expect(200)).body;
    expect(y2027.series.featuredAnnual).toEqual([1, 0, 0]);
  });

  it('measures landmark results (the year’s issued annual list) against the target', async () => {
    expect((await get('/api/stats/targets?period=2026').expect(200)).body).toEqual({
      year: 2026,
      libraryEntries: { target: 100, actual: 4, share: 0.04 },
      landmarkResults: { target: 20, actual: 1, share: 0.05 },
    });
    expect(
      (await get('/api/stats/targets?period=2026&city=杭州').expect(200)).body.landmarkResults,
    ).toEqual({ target: 20, actual: 0, share: 0 });
    // No 2027 list has been issued yet.
    expect(
      (await get('/api/stats/targets?period=2027').expect(200)).body.landmarkResults.actual,
    ).toBe(0);
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ targets: { landmarkResults: 4 } })
      .expect(200);
    expect((await get('/api/stats/targets?period=2026').expect(200)).body.landmarkResults).toEqual({
      target: 4,
      actual: 1,
      share: 0.25,
    });
    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ targets: { landmarkResults: 20 } })
      .expect(200);
  });

  it('ranks on landmark results, and the landmark weight changes the order', async () => {
    type Row = {
      name: string;
      values: Record<string, number>;
      normalised: Record<string, number>;
      score: number;
    };
    const ranking = (await get('/api/stats/ranking?period=2026').expect(200)).body;
    expect(ranking.weights).toEqual({
      libraryEntries: 35,
      published: 25,
      landmark: 15,
      discipline: 25,
    });
    const city = (rows: Row[], name: string) => rows.find((r) => r.name === name)!;
    expect(city(ranking.cities, '杭州').values).toMatchObject({
      libraryEntries: 3,
      published: 3,
      landmark: 0,
    });
    expect(city(ranking.cities, '宁波').values).toMatchObject({
      libraryEntries: 1,
      published: 1,
      landmark: 1,
    });
    expect(
      city(ranking.bodies, '宁波市科学技术局').values.landmark +
        city(ranking.bodies, '杭州市科学技术局').values.landmark,
    ).toBe(1);
    const order = (rows: Row[]) =>
      rows.map((r) => r.name).filter((n) => n === '杭州' || n === '宁波');
    expect(order(ranking.cities)).toEqual(['杭州', '宁波']);

    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { landmark: 100 } })
      .expect(200);
    const heavy = (await get('/api/stats/ranking?period=2026').expect(200)).body;
    expect(heavy.weights.landmark).toBe(100);
    expect(order(heavy.cities)).toEqual(['宁波', '杭州']);
    expect(city(heavy.cities, '宁波').normalised.landmark).toBe(100);
    const bodies = heavy.bodies.map((r: Row) => r.name);
    expect(bodies.indexOf('宁波市科学技术局')).toBeLessThan(bodies.indexOf('杭州市科学技术局'));

    await t
      .http()
      .put('/api/stats/settings')
      .set(w.admin.auth)
      .send({ weights: { landmark: 15 } })
      .expect(200);
  });

  it('puts the channels and the landmark target on the dashboard and in the report', async () => {
    const page = await t
      .http()
      .get('/stats?period=2026-Q4')
      .set('Cookie', `cg_session=${w.office.token}`)
      .expect(200);
    expect(page.text).toContain('<td data-metric="featuredMonthly">4</td>');
    expect(page.text).toContain('<td data-metric="featuredQuarterly">2</td>');
    expect(page.text).toContain('<strong id="target-landmark">1</strong>');
    // The server-drawn charts carry their series in their text alternative, and their tables.
    const charts = dashboardCharts(page.text);
    expect(charts.releases).toMatch(
      /aria-label="各发布渠道刊发成果数。成果数:月报刊发 4、季度发布 2、年度榜单 0"/,
    );
    expect(charts.targets).toMatch(
      /aria-label="年度目标完成情况。完成率:入库成果 4%、标志性成果 5%"/,
    );
    // The target bars' labels: the counts against each target.
    expect(charts.targets).toContain('>4 / 100</text>');
    expect(charts.targets).toContain('>1 / 20</text>');

    // The cycle drafts the 2026 annual report once the year has ended.
    await t.app.get(StatsReportsService).runDue(t.clock.now());
    const reports = (await get('/api/stats/reports').expect(200)).body as {
      id: string;
      period: string;
    }[];
    const id = reports.find((r) => r.period === '2026')!.id;
    const report = (await get(`/api/stats/reports/${id}`).expect(200)).body;
    expect(report.content.targets.landmarkResults).toEqual({ target: 20, actual: 1, share: 0.05 });
    expect(report.content.funnel).toMatchObject({ featuredMonthly: 4, featuredQuarterly: 2 });
    const html = (await get(`/api/stats/reports/${id}/report.html`).expect(200)).text;
    for (const text of [
      '标志性成果(年度榜单)',
      '月报刊发',
      '季度发布',
      '年度榜单',
      '标志性成果 15',
    ]) {
      expect(html).toContain(text);
    }
  });
});
