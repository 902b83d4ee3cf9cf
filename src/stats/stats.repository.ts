import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Category } from '../reference/achievement-category';
import { dialectOf, fromDbTime, toDbTime, type DbTime } from '../database/dialect';
import { GenerateSql } from '../database/generate-sql';
import { Organization } from '../organizations/organization.entity';
import type { Grouping } from './dto/stats-query.dto';
import { parsePeriod, type StatsPeriod } from './stats-period';
import { TIMED_STAGES, type FunnelMetric, type ItemDims, type StatsFilters } from './stats.types';

type DimFilters = Omit<Partial<StatsFilters>, 'period'>;

/**
 * Where the filters' columns are: `a` (achievement) and `o` (its unit), or a row `c` of
 * stage_count or `d` of stage_duration (which carry the item's dimensions as at its last state
 * change).
 */
const ITEM_COLUMNS = { city: 'o."city"', domain: 'a."domain_key"', category: 'a."category"' };
const COUNT_COLUMNS = { city: 'c."city"', domain: 'c."domain_key"', category: 'c."category"' };
/** Also stage_decision's. */
const DURATION_COLUMNS = { city: 'd."city"', domain: 'd."domain_key"', category: 'd."category"' };

/** The city, domain and category filters as SQL conditions on the given columns. */
function whereItemFilters(
  filters: DimFilters,
  where: string[],
  params: unknown[],
  columns: typeof ITEM_COLUMNS = ITEM_COLUMNS,
): void {
  for (const [column, value] of [
    [columns.city, filters.city],
    [columns.domain, filters.domain],
    [columns.category, filters.category],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
}

const marks = (list: readonly unknown[]) => list.map(() => '?').join(', ');

/** Fixed arguments for the SQL snapshots (see GenerateSql). */
const YEAR = parsePeriod('2026');
const HANGZHOU = { city: '杭州' };
const FIELD = { domain: 'ai', category: 'basicResearch' as Category };
const SOME_IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

/** A funnel stage's count of items per key (see stageCounts). */
export interface StageCount {
  key: string;
  label: string;
  metric: FunnelMetric;
  n: number;
}

/**
 * Every read behind the statistics: the statements over the read model (the stays' count tables,
 * see stage-stays.sql.ts) and the workflow rows, and the lookups the reports join them with. The
 * SQL of each statement, on each database, is under queries/ (GenerateSql).
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Distinct items per funnel stage and key in the period, summed from stage_count: an item
   * counts once per stage and key, on its entry whose previous entry of that stage lies in an
   * earlier month than the period's first (for `month`, in another month). An item has one key
   * per grouping, so the groups add up to the totals.
   */
  @GenerateSql(
    { name: 'by city', params: [YEAR, {}, 'city'] },
    { name: 'by body, two stages', params: [YEAR, {}, 'body', ['inLibrary', 'published']] },
    { name: 'by month, one city', params: [YEAR, HANGZHOU, 'month'] },
    { name: 'by domain', params: [YEAR, {}, 'domain'] },
    { name: 'one city by category', params: [YEAR, { ...HANGZHOU, ...FIELD }, 'category'] },
  )
  async stageCounts(
    period: StatsPeriod,
    filters: DimFilters,
    by: Grouping | 'month' | 'all',
    metrics?: readonly FunnelMetric[],
  ): Promise<StageCount[]> {
    const key = {
      city: 'c."city"',
      body: 'c."body_id"',
      domain: 'c."domain_key"',
      category: 'c."category"',
      month: 'c."month"',
      all: null,
    }[by];
    const where = ['c."month" >= ?', 'c."month" <= ?'];
    const params: unknown[] = [period.months[0], period.months[period.months.length - 1]];
    if (by === 'month') where.push('c."prev_month" <> c."month"');
    else {
      where.push('c."prev_month" < ?');
      params.push(period.months[0]);
    }
    if (metrics) {
      where.push(`c."metric" in (${marks(metrics)})`);
      params.push(...metrics);
    }
    whereItemFilters(filters, where, params, COUNT_COLUMNS);
    // The smallest table that has the key and the filters' columns gives the same sums.
    const table =
      filters.domain === undefined &&
      filters.category === undefined &&
      by !== 'domain' &&
      by !== 'category'
        ? 'stage_count_body'
        : filters.city === undefined && by !== 'city' && by !== 'body'
          ? 'stage_count_field'
          : 'stage_count';
    const rows = await this.sql().execute<
      { key: string; metric: FunnelMetric; n: number | string }[]
    >(
      `select ${key ?? "'all'"} as "key", c."metric", sum(c."n") as "n" from "${table}" c
       where ${where.join(' and ')}
       group by ${key ? `${key}, ` : ''}c."metric"`,
      params,
    );
    const bodyNames =
      by === 'body' && rows.length
        ? await this.organizationNames([...new Set(rows.map((r) => r.key))])
        : null;
    return rows
      .map((r) => ({
        key: r.key,
        label: bodyNames?.get(r.key) ?? r.key,
        metric: r.metric,
        n: Number(r.n),
      }))
      .filter((c) => c.n > 0);
  }

  /**
   * Each timed state's stays that ended in the period, as its distinct durations in order and how
   * many stays had each (stage_duration), so percentiles are found by running sums.
   */
  @GenerateSql(
    { params: [YEAR, {}] },
    { name: 'one city, one field', params: [YEAR, { ...HANGZHOU, ...FIELD }] },
  )
  async stayDurations(
    period: StatsPeriod,
    filters: DimFilters,
  ): Promise<Map<string, { ms: number; n: number }[]>> {
    const where = ['d."month" >= ?', 'd."month" <= ?', `d."state" in (${marks(TIMED_STAGES)})`];
    const params: unknown[] = [
      period.months[0],
      period.months[period.months.length - 1],
      ...TIMED_STAGES,
    ];
    whereItemFilters(filters, where, params, DURATION_COLUMNS);
    const durations = new Map<string, { ms: number; n: number }[]>();
    for (const row of await this.sql().execute<
      { state: string; duration_ms: number | string; n: number | string }[]
    >(
      `select d."state", d."duration_ms", sum(d."n") as "n" from "stage_duration" d
       where ${where.join(' and ')}
       group by d."state", d."duration_ms" order by d."state", d."duration_ms"`,
      params,
    )) {
      const list = durations.get(row.state) ?? [];
      list.push({ ms: Number(row.duration_ms), n: Number(row.n) });
      durations.set(row.state, list);
    }
    return durations;
  }

  /**
   * Review decisions in the period and how many returned the item, summed from stage_decision,
   * which counts the audit rows of those events.
   */
  @GenerateSql({ params: [YEAR, {}] }, { name: 'one city', params: [YEAR, HANGZHOU] })
  async decisions(
    period: StatsPeriod,
    filters: DimFilters,
  ): Promise<{ decisions: number; returned: number }> {
    const where = ['d."month" >= ?', 'd."month" <= ?'];
    const params: unknown[] = [period.months[0], period.months[period.months.length - 1]];
    whereItemFilters(filters, where, params, DURATION_COLUMNS);
    const [row] = await this.sql().execute<
      { decisions: number | string | null; returned: number | string | null }[]
    >(
      `select sum(d."n") as "decisions",
         sum(case when d."event_type" = 'RETURN_FOR_AMENDMENT' then d."n" else 0 end) as "returned"
       from "stage_decision" d where ${where.join(' and ')}`,
      params,
    );
    return { decisions: Number(row.decisions ?? 0), returned: Number(row.returned ?? 0) };
  }

  /**
   * Each collecting body's earliest arrival at the province (the RECOMMEND that enters
   * `submitted`) in each of the batches, keyed `body:batch`.
   */
  @GenerateSql({ params: [['2026-01', '2026-02', '2026-03']] })
  async firstArrivals(batches: readonly string[]): Promise<Map<string, Date>> {
    const firstArrival = new Map<string, Date>();
    for (const row of await this.sql().execute<
      { body_id: string; batch_key: string; first: DbTime }[]
    >(
      // The literal metric lets SQLite use the partial stage_stay_arrival_index.
      `select s."body_id", s."batch_key", min(s."entered_at") as "first"
       from "stage_stay" s
       where s."metric" = 'recommended' and s."batch_key" in (${marks(batches)})
       group by s."batch_key", s."body_id"`,
      [...batches],
    )) {
      firstArrival.set(`${row.body_id}:${row.batch_key}`, fromDbTime(row.first));
    }
    return firstArrival;
  }

  /**
   * Items waiting in their batch (state `submitted`) whose batch is `closedUpTo` or earlier (batch
   * keys are `YYYY-MM`, ordered as text), with the filters, as plain rows: found in the
   * (definition, state, batch_key) index, so the state's items whose batch is still open cost
   * nothing (at 100,000 items, reading their rows took most of the process report's time).
   */
  @GenerateSql({ params: [{}, '2026-11'] }, { name: 'one city', params: [HANGZHOU, '2026-11'] })
  async waitingItems(
    filters: DimFilters,
    closedUpTo: string,
  ): Promise<{ id: string; title: string; batch_key: string }[]> {
    const where = [
      `w."definition" = 'achievement'`,
      `w."state" = 'submitted'`,
      `w."batch_key" <= ?`,
    ];
    const params: unknown[] = [closedUpTo];
    whereItemFilters(filters, where, params);
    return this.sql().execute(
      `select a."id", a."title", w."batch_key" from "workflow_instance" w
       join "achievement" a on a."workflow_id" = w."id"
       join "organization" o on o."id" = a."owner_organization_id"
       where ${where.join(' and ')}
       order by a."created_at", a."id"`,
      params,
    );
  }

  /**
   * Expert seats due in the period (submitted or lapsed) and how many were submitted on time,
   * counted in SQL on the (status, due_at, submitted_at, achievement_id) index: a year's seats are
   * one per scored item. With filters, the items in scope are one list read on the achievement's
   * (owner, id, domain, category) index, not a look-up of each seat's item row (at 100,000 items a
   * city's count read 27,000 item rows for its 2,500 seats).
   */
  @GenerateSql({ params: [YEAR, {}] }, { name: 'one city', params: [YEAR, HANGZHOU] })
  async expertSeatCounts(
    period: StatsPeriod,
    filters: DimFilters,
  ): Promise<{ due: number; onTime: number }> {
    const dialect = dialectOf(this.em);
    const where = [`s."due_at" >= ?`, `s."due_at" < ?`, `s."status" in ('submitted', 'lapsed')`];
    const params: unknown[] = [toDbTime(dialect, period.from), toDbTime(dialect, period.to)];
    const itemWhere: string[] = [];
    whereItemFilters(filters, itemWhere, params);
    if (itemWhere.length) {
      where.push(`s."achievement_id" in (select a."id" from "achievement" a
         join "organization" o on o."id" = a."owner_organization_id"
         where ${itemWhere.join(' and ')})`);
    }
    const [row] = await this.sql().execute<
      { due: number | string; on_time: number | string | null }[]
    >(
      `select count(*) as "due",
         sum(case when s."status" = 'submitted' and s."submitted_at" <= s."due_at" then 1 else 0 end) as "on_time"
       from "expert_assignment" s
       where ${where.join(' and ')}`,
      params,
    );
    return { due: Number(row?.due ?? 0), onTime: Number(row?.on_time ?? 0) };
  }

  /**
   * The expert seats still open past their due time, of the items matching the filters, oldest
   * first, with the item's title and the expert's name: plain rows, one statement. (Loaded as
   * entities for the whole province and then matched to the filters' items, they were most of the
   * process report's time for a city.)
   */
  @GenerateSql({ params: [new Date('2026-12-07T00:00:00Z'), HANGZHOU] })
  async overdueSeats(
    now: Date,
    filters: DimFilters,
  ): Promise<{ itemId: string; title: string; expert: string; dueAt: Date }[]> {
    const dialect = dialectOf(this.em);
    const where = [`s."status" = 'active'`, `s."due_at" < ?`];
    const params: unknown[] = [toDbTime(dialect, now)];
    whereItemFilters(filters, where, params);
    const rows = await this.sql().execute<
      { item_id: string; title: string; expert: string; due_at: DbTime }[]
    >(
      `select s."achievement_id" as "item_id", a."title", u."display_name" as "expert", s."due_at"
       from "expert_assignment" s
       join "achievement" a on a."id" = s."achievement_id"
       join "organization" o on o."id" = a."owner_organization_id"
       join "app_user" u on u."id" = s."expert_id"
       where ${where.join(' and ')}
       order by s."due_at", s."id"`,
      params,
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      title: r.title,
      expert: r.expert,
      dueAt: fromDbTime(r.due_at),
    }));
  }

  /**
   * The items matching the filters (and, given, the ids), with what the figures group by. Plain
   * rows, not entities: at 100,000 items hydrating them took seconds, the query itself a fraction.
   */
  @GenerateSql({ params: [HANGZHOU, SOME_IDS] })
  async items(filters: DimFilters, ids?: readonly string[]): Promise<Map<string, ItemDims>> {
    if (ids?.length === 0) return new Map();
    const where: string[] = [];
    const params: string[] = [];
    if (ids) {
      where.push(`a."id" in (${marks(ids)})`);
      params.push(...ids);
    }
    whereItemFilters(filters, where, params);
    const rows = await this.sql().execute<
      {
        id: string;
        title: string;
        category: Category;
        domain_key: string;
        city: string;
        body: string;
        body_name: string;
      }[]
    >(
      `select a."id", a."title", a."category", a."domain_key", o."city", r."id" as "body", r."name" as "body_name"
       from "achievement" a
       join "organization" o on o."id" = a."owner_organization_id"
       join "organization" r on r."id" = a."recommender_organization_id"${where.length ? ` where ${where.join(' and ')}` : ''}`,
      params,
    );
    return new Map(
      rows.map((a) => [
        a.id,
        {
          id: a.id,
          title: a.title,
          city: a.city,
          body: a.body,
          bodyName: a.body_name,
          domain: a.domain_key,
          category: a.category,
        },
      ]),
    );
  }

  private async organizationNames(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.em
      .fork()
      .find(Organization, { id: { $in: ids } }, { fields: ['id', 'name'] });
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  private sql(): SqlEntityManager {
    return this.em.fork() as SqlEntityManager;
  }
}
