import type { SqlEntityManager } from '@mikro-orm/knex';
import { createTestApp, type TestApp } from '../../test/support/test-app';
import {
  ItemDriver,
  basicResearch,
  buildWorld,
  addUser,
  majorApplication,
  type World,
} from '../../test/support/world';
import { closesAt } from '../collection/collection-calendar';
import { CollectionCycleService } from '../collection/collection-cycle.service';
import { txOf } from '../database/tx';
import { StageStaysService } from './stage-stays.service';
import { percentile } from './stats-math';
import { parsePeriod } from './stats-period';
import { StatsService } from './stats.service';
import { STAGE_METRICS, TIMED_STAGES, type DisciplineStatus } from './stats.types';

/** An audit row with the item's dimensions, as the reference figures below read it. */
interface Row {
  item: string;
  seq: number;
  event: string;
  from: string | null;
  to: string;
  at: Date;
  city: string;
  body: string;
  domain: string;
  category: string;
  batch: string | null;
}

const HOUR_MS = 3600_000;
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** The funnel stage an audit row enters, as docs/statistics.md defines them. */
function stagesOf(r: Row): string[] {
  switch (r.event) {
    case 'SUBMIT':
      return ['submitted'];
    case 'RECOMMEND':
      return r.to === 'submitted' ? ['recommended'] : [];
    case 'PASS_ELIGIBILITY':
      return ['eligible'];
    case 'CONFIRM_VERIFICATION':
      return ['verified', 'inLibrary'];
    case 'FAIL_VERIFICATION':
      return ['verified'];
    case 'PUBLISH':
      return ['published'];
  }
  return r.from === 'expertScoring' &&
    ['consensus', 'onSiteVerification', 'rejected'].includes(r.to)
    ? ['scored']
    : [];
}

/**
 * A history with returns, resubmits, a dispute resumed into its state, a month boundary in
 * Shanghai and a period reopened for a late report, built through the real services. Every
 * figure the read model gives must equal the one computed here straight from the audit trail,
 * and rebuilding the stays from the audit trail (the migration's backfill) must give the rows the
 * runner listener wrote.
 */
describe('stage stays (the statistics read model)', () => {
  let t: TestApp;
  let w: World;
  let stats: StatsService;
  const at = (iso: string) => t.clock.set(new Date(iso));

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-10-08T02:00:00Z') });
    w = await buildWorld(t);
    stats = t.app.get(StatsService);
    const cycle = t.app.get(CollectionCycleService);
    const closePeriod = async (period: string) => {
      await cycle.ensurePeriod(period);
      await cycle.closeAndNotify(period);
    };
    const create = async (who: World['submitter'], body: object) =>
      new ItemDriver(
        t,
        w,
        (await t.http().post('/api/achievements').set(who.auth).send(body).expect(201)).body.id,
      );
    const nb = () =>
      majorApplication({
        completingUnits: [{ name: '宁波某某材料有限公司' }],
        completers: [{ name: '王五', unit: '宁波某某材料有限公司' }],
        ip: { owner: '宁波某某材料有限公司', patents: ['ZL202310000000.2'], noDispute: true },
      });

    // October: one item reported on time, one returned twice and resubmitted.
    const d = await ItemDriver.create(t, w);
    await d.toSubmitted();
    const c = await create(w.nbSubmitter, nb());
    await c.ok(w.nbSubmitter, 'SUBMIT');
    at('2026-10-09T02:00:00Z');
    await c.ok(w.nbRecommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充应用证明' });
    at('2026-10-09T09:00:00Z');
    await c.ok(w.nbSubmitter, 'RESUBMIT');
    at('2026-10-20T02:00:00Z');
    await c.ok(w.nbRecommender, 'RETURN_FOR_AMENDMENT', { comment: '仍需补充' });
    // Amended into another domain: on resubmission its earlier entries move to the new key
    // (stage_count's rows of the old key fall to zero and go).
    await t
      .http()
      .patch(`/api/achievements/${c.id}`)
      .set(w.nbSubmitter.auth)
      .send({ domain: 'integratedCircuits' })
      .expect(200);
    at('2026-11-05T02:00:00Z');
    await c.ok(w.nbSubmitter, 'RESUBMIT');
    at('2026-11-06T02:00:00Z');
    await closePeriod('2026-10');

    // November: a university item and the main item.
    const a = await ItemDriver.create(t, w);
    await a.ok(w.submitter, 'SUBMIT');
    const b = await create(w.uniSubmitter, basicResearch());
    await b.ok(w.uniSubmitter, 'SUBMIT');
    at('2026-11-07T02:00:00Z');
    await a.ok(w.recommender, 'RECOMMEND');
    await b.ok(w.uniRecommender, 'RECOMMEND');
    // A county enterprise's item: the county's RECOMMEND keeps it in recommendation (a review
    // decision without a stay), the city's sends it on.
    const org = async (body: object) =>
      (await t.http().post('/api/organizations').set(w.admin.auth).send(body).expect(201)).body
        .id as string;
    const county = await org({
      name: '西湖区科学技术局',
      type: 'countyBureau',
      city: '杭州',
      county: '西湖区',
      reportsThroughId: w.orgs.hzBureau.id,
    });
    const countyUser = (username: string, organizationId: string, roles: string[]) =>
      addUser(t, w.securityAdmin, username, organizationId, roles);
    const countyRecommender = await countyUser('county-rec', county, ['recommender']);
    const countySubmitter = await countyUser(
      'county-sub',
      await org({
        name: '西湖某某智能科技有限公司',
        type: 'enterprise',
        city: '杭州',
        county: '西湖区',
        reportsThroughId: county,
      }),
      ['submitter'],
    );
    const f = await create(countySubmitter, basicResearch({ title: '面向工业视觉的边缘智能芯片' }));
    await f.ok(countySubmitter, 'SUBMIT');
    expect((await f.ok(countyRecommender, 'RECOMMEND')).state).toBe('recommendation');
    at('2026-11-08T02:00:00Z');
    await f.ok(w.recommender, 'RECOMMEND');
    at('2026-11-11T02:00:00Z');
    await closePeriod('2026-11');

    // The office reopens November; Ningbo's two items arrive late.
    await t
      .http()
      .post('/api/collection/periods/2026-11/reopen')
      .set(w.office.auth)
      .send({ reason: '宁波市因系统故障未能按时报送', closesAt: '2026-11-14T00:00:00+08:00' })
      .expect(200);
    at('2026-11-12T02:00:00Z');
    const e = await create(w.nbSubmitter, nb());
    await e.ok(w.nbSubmitter, 'SUBMIT');
    await e.ok(w.nbRecommender, 'RECOMMEND');
    await c.ok(w.nbRecommender, 'RECOMMEND');
    at('2026-11-14T02:00:00Z');
    await closePeriod('2026-11');

    // Review: the main item scored, a dispute in scoring resumed into scoring, a rejection.
    at('2026-11-15T02:00:00Z');
    for (const item of [a, c, d]) {
      if ((await item.get()).state === 'submitted') await item.ok(w.office, 'BATCH_CLOSE');
      await item.ok(w.office, 'PASS_ELIGIBILITY', { comment: '形式审查通过' });
    }
    await b.ok(w.office, 'REJECT', { comment: '不符合条件' });
    at('2026-11-16T02:00:00Z');
    await a.score([90, 88, 85, 80, 92]);
    await d.ok(w.office, 'RAISE_DISPUTE', { comment: '第三方主张专利权属' });
    at('2026-11-20T02:00:00Z');
    expect((await d.ok(w.office, 'RESOLVE_DISPUTE', { comment: '权属已澄清' })).state).toBe(
      'expertScoring',
    );
    // A split panel, a second round: scoring closes twice for one item.
    at('2026-11-22T02:00:00Z');
    expect((await d.score([95, 90, 88, 85, 20]))!.state).toBe('consensus');
    at('2026-11-25T02:00:00Z');
    await d.ok(w.office, 'OPEN_SECOND_ROUND', { comment: '请专家再议' });
    await c.score([60, 62, 58, 61, 59]);
    at('2026-11-30T15:30:00Z'); // 23:30 on 30 November in Shanghai
    await a.ok(w.office, 'CONFIRM_VERIFICATION');
    at('2026-11-30T16:30:00Z'); // 00:30 on 1 December in Shanghai
    await a.ok(w.office, 'PUBLISH');
    at('2026-12-02T02:00:00Z');
    expect((await d.score([90, 88, 86, 85, 84]))!.state).toBe('onSiteVerification');
    at('2026-12-03T02:00:00Z');
    await d.ok(w.office, 'FAIL_VERIFICATION', { comment: '现场核查未通过' });
    // A dispute over a published item takes it off and puts it back.
    at('2026-12-04T02:00:00Z');
    await a.ok(w.office, 'RAISE_DISPUTE', { comment: '成果真实性存疑' });
    at('2026-12-05T02:00:00Z');
    expect((await a.ok(w.office, 'RESOLVE_DISPUTE', { comment: '已澄清' })).state).toBe(
      'published',
    );
    at('2026-12-10T02:00:00Z');
  }, 240_000);
  afterAll(() => t.close());

  async function auditRows(): Promise<Row[]> {
    const rows = await (t.orm.em.fork() as SqlEntityManager).execute<
      Record<string, string | number | Date | null>[]
    >(
      `select e."instance_id", e."seq", e."event_type", e."from_state", e."to_state", e."at",
         o."city", a."recommender_organization_id" as "body", a."domain_key", a."category", w."batch_key"
       from "audit_event" e
       join "achievement" a on a."id" = e."instance_id"
       join "workflow_instance" w on w."id" = a."id"
       join "organization" o on o."id" = a."owner_organization_id"
       order by e."instance_id", e."seq"`,
    );
    return rows.map((r) => ({
      item: String(r.instance_id),
      seq: Number(r.seq),
      event: String(r.event_type),
      from: r.from_state === null ? null : String(r.from_state),
      to: String(r.to_state),
      at: new Date(typeof r.at === 'string' && /^\d+$/.test(r.at) ? Number(r.at) : r.at!),
      city: String(r.city),
      body: String(r.body),
      domain: String(r.domain_key),
      category: String(r.category),
      batch: r.batch_key === null ? null : String(r.batch_key),
    }));
  }

  const PERIODS = ['2026', '2026-Q4', '2026-10', '2026-11', '2026-12'];

  /** Distinct items per stage and key among the audit rows in [from, to). */
  function referenceCounts(rows: Row[], from: Date, to: Date, key: (r: Row) => string) {
    const sets = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.at < from || r.at >= to) continue;
      for (const stage of stagesOf(r)) {
        const k = `${key(r)}|${stage}`;
        sets.set(k, (sets.get(k) ?? new Set()).add(r.item));
      }
    }
    return new Map([...sets].map(([k, s]) => [k, s.size]));
  }

  it('has a history that exercises every stage', async () => {
    const rows = await auditRows();
    const events = new Set(rows.map((r) => r.event));
    for (const e of [
      'RETURN_FOR_AMENDMENT',
      'RESUBMIT',
      'RAISE_DISPUTE',
      'RESOLVE_DISPUTE',
      'OPEN_SECOND_ROUND',
    ]) {
      expect(events).toContain(e);
    }
    const year = parsePeriod('2026');
    const totals = referenceCounts(rows, year.from, year.to, () => 'all');
    for (const stage of STAGE_METRICS) expect(totals.get(`all|${stage}`)).toBeGreaterThan(0);
  });

  it('gives the funnel of the audit trail for every period and grouping', async () => {
    const rows = await auditRows();
    const keys = {
      city: (r: Row) => r.city,
      body: (r: Row) => r.body,
      domain: (r: Row) => r.domain,
      category: (r: Row) => r.category,
    };
    for (const periodKey of PERIODS) {
      const period = parsePeriod(periodKey);
      for (const [by, key] of Object.entries(keys) as [keyof typeof keys, (r: Row) => string][]) {
        const expected = referenceCounts(rows, period.from, period.to, key);
        const report = await stats.funnel({ period: periodKey }, by);
        const actual = new Map<string, number>();
        for (const row of report.rows) {
          for (const stage of STAGE_METRICS) {
            if (row.counts[stage]) actual.set(`${row.key}|${stage}`, row.counts[stage]);
          }
        }
        expect([periodKey, by, Object.fromEntries(actual)]).toEqual([
          periodKey,
          by,
          Object.fromEntries(expected),
        ]);
      }
      // Filters: one city, one domain, both; grouped so that each count table answers.
      for (const filter of [
        { city: '宁波' },
        { domain: 'integratedCircuits' },
        { city: '杭州', domain: 'integratedCircuits' },
      ]) {
        const match = (r: Row) =>
          ('city' in filter ? r.city === filter.city : true) &&
          ('domain' in filter ? r.domain === filter.domain : true);
        const expected = referenceCounts(rows.filter(match), period.from, period.to, () => 'all');
        for (const by of ['city', 'category'] as const) {
          const report = await stats.funnel({ period: periodKey, ...filter }, by);
          for (const stage of STAGE_METRICS) {
            expect([periodKey, filter, by, stage, report.totals[stage]]).toEqual([
              periodKey,
              filter,
              by,
              stage,
              expected.get(`all|${stage}`) ?? 0,
            ]);
          }
        }
      }
    }
  });

  it('gives the trend and the library target of the audit trail', async () => {
    const rows = await auditRows();
    const trend = await stats.trend({ period: '2026' });
    for (const [i, month] of trend.months.entries()) {
      const m = parsePeriod(month);
      const expected = referenceCounts(rows, m.from, m.to, () => 'all');
      for (const stage of STAGE_METRICS) {
        expect([month, stage, trend.series[stage][i]]).toEqual([
          month,
          stage,
          expected.get(`all|${stage}`) ?? 0,
        ]);
      }
    }
    const year = parsePeriod('2026');
    expect((await stats.targets(2026)).libraryEntries.actual).toBe(
      referenceCounts(rows, year.from, year.to, () => 'all').get('all|inLibrary'),
    );
  });

  it('gives time in stage and the return rate of the audit trail', async () => {
    const rows = await auditRows();
    const decisionEvents = [
      'RECOMMEND',
      'DECLINE',
      'RETURN_FOR_AMENDMENT',
      'PASS_ELIGIBILITY',
      'REJECT',
    ];
    for (const periodKey of PERIODS) {
      const period = parsePeriod(periodKey);
      for (const filter of [{}, { city: '宁波' }]) {
        const inScope = (r: Row) => !('city' in filter) || r.city === filter.city;
        const durations = new Map<string, number[]>(TIMED_STAGES.map((s) => [s, []]));
        const byItem = new Map<string, Row[]>();
        for (const r of rows.filter(inScope))
          byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
        for (const history of byItem.values()) {
          let entered: Date | null = null;
          for (const r of history) {
            if (r.from === r.to) continue;
            if (entered && r.from && r.at >= period.from && r.at < period.to) {
              durations.get(r.from)?.push((r.at.getTime() - entered.getTime()) / HOUR_MS);
            }
            entered = r.at;
          }
        }
        const report = await stats.process({ period: periodKey, ...filter });
        expect(report.stages.map((s) => [s.state, s.count, s.medianHours, s.p90Hours])).toEqual(
          TIMED_STAGES.map((s) => {
            const list = durations.get(s)!;
            return [s, list.length, round1(percentile(list, 50)), round1(percentile(list, 90))];
          }),
        );
        const decisions = rows.filter(
          (r) =>
            inScope(r) &&
            r.at >= period.from &&
            r.at < period.to &&
            decisionEvents.includes(r.event),
        );
        expect(report.returns).toMatchObject({
          decisions: decisions.length,
          returned: decisions.filter((r) => r.event === 'RETURN_FOR_AMENDMENT').length,
        });
      }
    }
  });

  it('gives each body its month of the audit trail, the reopened month late', async () => {
    const rows = await auditRows();
    const report = await stats.discipline({ period: '2026-Q4' });
    const arrivals = rows.filter((r) => r.event === 'RECOMMEND' && r.to === 'submitted');
    const statusOf = (body: string, month: string): DisciplineStatus | null => {
      const first = arrivals
        .filter((r) => r.body === body && r.batch === month)
        .map((r) => r.at)
        .sort((x, y) => x.getTime() - y.getTime())[0];
      if (!first) return null;
      return first <= closesAt(month, t.config.collectionCloseDay) ? 'onTime' : 'late';
    };
    let late = 0;
    for (const body of report.bodies) {
      for (const month of report.months) {
        const expected = statusOf(body.organization.id, month);
        if (expected)
          expect([body.organization.name, month, body.months[month]]).toEqual([
            body.organization.name,
            month,
            expected,
          ]);
        if (expected === 'late') late++;
      }
    }
    expect(late).toBeGreaterThan(0);
  });

  const readTables = async () => {
    const em = t.orm.em.fork() as SqlEntityManager;
    return {
      stays: await em.execute<Record<string, unknown>[]>(
        'select * from "stage_stay" order by "instance_id", "seq"',
      ),
      counts: await em.execute<Record<string, unknown>[]>(
        `select * from "stage_count" order by "month", "metric", "city", "body_id", "domain_key", "category", "prev_month"`,
      ),
      bodyCounts: await em.execute<Record<string, unknown>[]>(
        `select * from "stage_count_body" order by "month", "metric", "city", "body_id", "prev_month"`,
      ),
      fieldCounts: await em.execute<Record<string, unknown>[]>(
        `select * from "stage_count_field" order by "month", "metric", "domain_key", "category", "prev_month"`,
      ),
      decisions: await em.execute<Record<string, unknown>[]>(
        `select * from "stage_decision" order by "month", "event_type", "city", "domain_key", "category"`,
      ),
      durations: await em.execute<Record<string, unknown>[]>(
        `select * from "stage_duration" order by "state", "month", "city", "domain_key", "category", "duration_ms"`,
      ),
    };
  };

  it('rebuilds from the audit trail (as the bench seeding does after copying rows) exactly the tables the listener wrote', async () => {
    const written = await readTables();
    expect(written.stays.length).toBeGreaterThan(20);
    // An open stay per item, and a dispute's resumed state is a stay of its own.
    expect(written.stays.filter((s) => s.left_at === null)).toHaveLength(6);
    expect(written.stays.filter((s) => s.entered_event === 'RESOLVE_DISPUTE')).toHaveLength(2);
    // The amended item's earlier entries left the old domain's rows, none are left at zero.
    expect(written.counts.length).toBeGreaterThan(10);
    expect(written.durations.length).toBeGreaterThan(10);
    expect(written.bodyCounts.length).toBeGreaterThan(10);
    expect(written.decisions.length).toBeGreaterThan(5);
    for (const rows of [written.counts, written.bodyCounts, written.durations, written.decisions]) {
      expect(rows.filter((c) => Number(c.n) <= 0)).toEqual([]);
    }
    const amended = written.stays.find((s) => s.entered_event === 'RESUBMIT')!.instance_id;
    expect(
      new Set(written.stays.filter((s) => s.instance_id === amended).map((s) => s.domain_key)),
    ).toEqual(new Set(['integratedCircuits']));
    await t.orm.em.fork().transactional((em) => t.app.get(StageStaysService).rebuild(txOf(em)));
    expect(await readTables()).toEqual(written);
  });

  it('gives the same tables when the migration builds them on a database migrated before it', async () => {
    const written = await readTables();
    const migrator = t.orm.getMigrator();
    await migrator.down({ to: 'Migration20261126060000LibraryProgressIndex' });
    await expect(
      (t.orm.em.fork() as SqlEntityManager).execute('select count(*) from "stage_count"'),
    ).rejects.toThrow();
    await migrator.up();
    expect(await readTables()).toEqual(written);
    const year = parsePeriod('2026');
    expect((await stats.targets(2026)).libraryEntries.actual).toBe(
      referenceCounts(await auditRows(), year.from, year.to, () => 'all').get('all|inLibrary'),
    );
  });
});
