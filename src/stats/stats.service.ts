import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { CATEGORY_LABELS, type Category } from '../achievements/achievement-category';
import { STATE_LABELS } from '../achievements/achievement-labels';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { closesAt } from '../collection/collection-calendar';
import { collectionPeriodWorkflow } from '../collection/collection-period.definition';
import { NilReport } from '../collection/nil-report.entity';
import { Clock } from '../common/clock';
import { ForbiddenError, InvalidInputError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ExpertAssignment } from '../evaluation/expert-assignment.entity';
import { Organization } from '../organizations/organization.entity';
import { City } from '../reference/city.entity';
import { StrategicDomain } from '../reference/strategic-domain.entity';
import { ReleaseEditionItem } from '../releases/release-edition-item.entity';
import { ReleaseEdition, type EditionKind } from '../releases/release-edition.entity';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import type { Grouping } from './dto/stats-query.dto';
import { checkStatsFilters, statsFilterOptions, type StatsFilterOptions } from './stats-filters';
import { StatsSettingsService } from './stats-settings.service';
import { disciplineShare, interpolate, percentileRank, rank, type RankingRow } from './stats-math';
import { monthOf, parsePeriod, shanghaiParts, type StatsPeriod } from './stats-period';

/** The funnel's stages, in order; each counts distinct items with the event in the period. */
export const STAGE_METRICS = [
  'submitted',
  'recommended',
  'eligible',
  'scored',
  'verified',
  'inLibrary',
  'published',
] as const;
/**
 * The release channels: distinct items selected in an issued edition of each kind whose issue
 * falls in the period. They ride in the funnel's counts (so the trend, the dashboard and the
 * report carry them like any stage) but are not stages: one item can be featured in several.
 */
export const RELEASE_METRICS = ['featuredMonthly', 'featuredQuarterly', 'featuredAnnual'] as const;
export const FUNNEL_METRICS = [...STAGE_METRICS, ...RELEASE_METRICS] as const;
export type FunnelMetric = (typeof FUNNEL_METRICS)[number];
type ReleaseMetric = (typeof RELEASE_METRICS)[number];
const RELEASE_METRIC_OF: Record<EditionKind, ReleaseMetric> = {
  monthly: 'featuredMonthly',
  quarterly: 'featuredQuarterly',
  annual: 'featuredAnnual',
};
export type FunnelCounts = Record<FunnelMetric, number>;

export const METRIC_LABELS: Record<FunnelMetric, string> = {
  submitted: '提交推荐',
  recommended: '报送省厅',
  eligible: '通过形式审查',
  scored: '完成专家评审',
  verified: '完成现场核查',
  inLibrary: '入库',
  published: '发布',
  featuredMonthly: '月报刊发',
  featuredQuarterly: '季度发布',
  featuredAnnual: '年度榜单',
};

/** States whose time-in-stage the office watches. */
export const TIMED_STAGES = [
  'recommendation',
  'returned',
  'submitted',
  'eligibilityCheck',
  'expertScoring',
  'consensus',
  'onSiteVerification',
  'inLibrary',
] as const;

export interface StatsFilters {
  period: string;
  city?: string;
  domain?: string;
  category?: Category;
}

interface ItemDims {
  id: string;
  title: string;
  city: string;
  body: string;
  bodyName: string;
  domain: string;
  category: Category;
}

export interface GroupRow {
  key: string;
  label: string;
  counts: FunnelCounts;
}

export interface FunnelReport {
  period: string;
  from: string;
  to: string;
  filters: Omit<StatsFilters, 'period'>;
  by: Grouping;
  totals: FunnelCounts;
  rows: GroupRow[];
}

export interface TrendReport {
  period: string;
  months: string[];
  series: Record<FunnelMetric, number[]>;
}

export interface TargetFigure {
  target: number;
  actual: number;
  share: number;
}

export interface TargetProgress {
  year: number;
  libraryEntries: TargetFigure;
  /** Items on the year's issued annual list (年度榜单), see landmarkIds. */
  landmarkResults: TargetFigure;
}

export type DisciplineStatus = 'onTime' | 'late' | 'nil' | 'missed' | 'pending' | 'notRequired';
export const DISCIPLINE_LABELS: Record<DisciplineStatus, string> = {
  onTime: '按时报送',
  late: '逾期报送',
  nil: '零报告',
  missed: '未报送',
  pending: '未截止',
  notRequired: '—',
};

export interface DisciplineRow {
  organization: { id: string; name: string; city: string };
  months: Record<string, DisciplineStatus>;
  counts: Record<DisciplineStatus, number>;
  /** Share 0–1 of closed months (see disciplineShare); null before any month closed. */
  share: number | null;
}

export interface DisciplineReport {
  period: string;
  months: string[];
  bodies: DisciplineRow[];
}

export interface StageTime {
  state: string;
  label: string;
  /** Stays that ended in the period. */
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ProcessReport {
  period: string;
  stages: StageTime[];
  overdue: {
    expertSeats: { itemId: string; title: string; expert: string; dueAt: string }[];
    batches: { itemId: string; title: string; period: string; closedAt: string }[];
  };
  expertOnTime: { due: number; onTime: number; rate: number | null };
  returns: { decisions: number; returned: number; rate: number | null };
}

export interface RankingReport {
  period: string;
  weights: Record<string, number>;
  cities: RankingRow[];
  bodies: RankingRow[];
}

const emptyCounts = (): FunnelCounts =>
  Object.fromEntries(FUNNEL_METRICS.map((m) => [m, 0])) as FunnelCounts;
const HOUR_MS = 3600 * 1000;
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const CHUNK = 500;

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
  filters: Partial<StatsFilters>,
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

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/**
 * Every figure is computed on request from the stays (StageStaysService, written with each
 * transition from the audit trail), the audit trail and the workflow rows; nothing is counted
 * by hand. An item's city is its owning unit's city, its collecting body the body that reports
 * it to the province.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly settings: StatsSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The filters a caller may use: the office and admins see the province; a city bureau's
   * recommender sees its own city only (a city filter naming another city is refused).
   */
  async scope<T extends { city?: string; domain?: string }>(
    user: AuthUser,
    filters: T,
  ): Promise<T> {
    // An unknown city or field is a 400 naming it, never a page of zeros.
    await checkStatsFilters(this.em.fork(), filters);
    if (hasRole(user, 'officeStaff', 'admin')) return filters;
    if (hasRole(user, 'recommender')) {
      const org = await this.em.fork().findOne(Organization, user.organizationId);
      if (org?.type === 'cityBureau') {
        if (filters.city && filters.city !== org.city) {
          throw new ForbiddenError('设区市科技局只能查看本市的统计');
        }
        return { ...filters, city: org.city };
      }
    }
    throw new ForbiddenError('只有省科技厅成果处、管理员和设区市科技局可以查看统计');
  }

  /** The dashboard's drop-down choices (see statsFilterOptions). */
  filterOptions(): Promise<StatsFilterOptions> {
    return statsFilterOptions(this.em.fork(), this.clock.now());
  }

  /** The period key to use: the given one, or the current Shanghai year. */
  periodKey(period?: string): string {
    return period ?? String(shanghaiParts(this.clock.now()).year);
  }

  async funnel(filters: StatsFilters, by: Grouping = 'city'): Promise<FunnelReport> {
    const period = parsePeriod(filters.period);
    const totals = emptyCounts();
    const groups = new Map<string, GroupRow>();
    const domainNames = await this.domainNames();
    const rowOf = (key: string, bodyName: string) => {
      let row = groups.get(key);
      if (!row) {
        const label =
          by === 'body'
            ? bodyName
            : by === 'domain'
              ? (domainNames.get(key) ?? key)
              : by === 'category'
                ? CATEGORY_LABELS[key as Category]
                : key;
        row = { key, label, counts: emptyCounts() };
        groups.set(key, row);
      }
      return row;
    };
    // An item has one key per grouping, so the groups' counts add up to the totals.
    for (const c of await this.stageCounts(period, filters, by)) {
      rowOf(c.key, c.label).counts[c.metric] += c.n;
      totals[c.metric] += c.n;
    }
    for (const [metric, items] of await this.releaseHits(period, filters)) {
      totals[metric] = items.size;
      for (const item of items.values()) {
        rowOf(by === 'body' ? item.body : item[by], item.bodyName).counts[metric]++;
      }
    }
    const { city, domain, category } = filters;
    return {
      period: period.key,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      filters: { city, domain, category },
      by,
      totals,
      rows: [...groups.values()].sort(
        (a, b) =>
          FUNNEL_METRICS.reduce((s, m) => s + b.counts[m], 0) -
            FUNNEL_METRICS.reduce((s, m) => s + a.counts[m], 0) ||
          a.label.localeCompare(b.label, 'zh-CN'),
      ),
    };
  }

  /** The funnel month by month over the period (Shanghai months). */
  async trend(filters: StatsFilters): Promise<TrendReport> {
    const period = parsePeriod(filters.period);
    const index = new Map(period.months.map((m, i) => [m, i]));
    const series = Object.fromEntries(
      FUNNEL_METRICS.map((m) => [m, period.months.map(() => 0)]),
    ) as Record<FunnelMetric, number[]>;
    for (const c of await this.stageCounts(period, filters, 'month')) {
      series[c.metric][index.get(c.key)!] += c.n;
    }
    const seen = new Set<string>();
    for (const row of await this.releaseRows(period, filters)) {
      const metric = RELEASE_METRIC_OF[row.kind];
      const month = monthOf(row.issuedAt);
      const key = `${metric}:${month}:${row.item.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      series[metric][index.get(month)!]++;
    }
    return { period: period.key, months: period.months, series };
  }

  /**
   * Library entries this Shanghai year, and landmark results (the year's issued annual list),
   * against the annual targets.
   */
  async targets(year: number, filters: Omit<StatsFilters, 'period'> = {}): Promise<TargetProgress> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      throw InvalidInputError.field('year', '必须是 2000–2100 之间的年份');
    }
    const settings = await this.settings.get();
    const period = parsePeriod(String(year));
    const inLibrary = (await this.stageCounts(period, filters, 'all', ['inLibrary'])).reduce(
      (a, c) => a + c.n,
      0,
    );
    const landmarks = await this.landmarks(year, filters);
    const figure = (actual: number, target: number): TargetFigure => ({
      target,
      actual,
      share: target > 0 ? Math.round((actual / target) * 1000) / 1000 : 0,
    });
    return {
      year,
      libraryEntries: figure(inLibrary, settings.targets.libraryEntries),
      landmarkResults: figure(landmarks.size, settings.targets.landmarkResults),
    };
  }

  /**
   * Each collecting body's months: on time (an item reached the province by the month's close,
   * or a nil report was filed by then), late (only after the close, while the office had the
   * period reopened, or a late nil report), missed, pending while the month is still open, or
   * not required of a body registered after the month closed.
   */
  async discipline(filters: Pick<StatsFilters, 'period' | 'city'>): Promise<DisciplineReport> {
    const period = parsePeriod(filters.period);
    const em = this.em.fork();
    const now = this.clock.now();
    const bodies = (
      await em.find(
        Organization,
        { reportsThrough: null, ...(filters.city ? { city: filters.city } : {}) },
        { orderBy: { city: 'asc', name: 'asc' } },
      )
    ).filter((o) => o.type !== 'provincialDepartment' && o.type !== 'countyBureau');
    // A body's month depends only on its earliest arrival at the province among the items of
    // that batch (an item reaches it by the RECOMMEND that enters `submitted`).
    const firstArrival = new Map<string, Date>();
    for (const row of await this.sql().execute<
      { body_id: string; batch_key: string; first: Date | number | string }[]
    >(
      // The literal metric lets SQLite use the partial stage_stay_arrival_index.
      `select s."body_id", s."batch_key", min(s."entered_at") as "first"
       from "stage_stay" s
       where s."metric" = 'recommended' and s."batch_key" in (${period.months.map(() => '?').join(', ')})
       group by s."batch_key", s."body_id"`,
      period.months,
    )) {
      firstArrival.set(`${row.body_id}:${row.batch_key}`, this.fromDb(row.first));
    }
    // A month the office closed by hand before its close time is closed all the same: its
    // period's machine says so, not the calendar.
    const closedByMachine = new Set(
      (
        await em.find(
          WorkflowInstance,
          {
            definition: collectionPeriodWorkflow.name,
            state: 'closed',
            batchKey: { $in: period.months },
          },
          { fields: ['batchKey'] },
        )
      ).map((w) => w.batchKey),
    );
    const nils = new Map<string, NilReport>();
    for (const nil of await em.find(NilReport, { period: { $in: period.months } })) {
      const key = `${nil.organization.id}:${nil.period}`;
      if (!nils.has(key)) nils.set(key, nil);
    }
    const rows = bodies.map((body): DisciplineRow => {
      const months: Record<string, DisciplineStatus> = {};
      const counts: Record<DisciplineStatus, number> = {
        onTime: 0,
        late: 0,
        nil: 0,
        missed: 0,
        pending: 0,
        notRequired: 0,
      };
      for (const month of period.months) {
        const close = closesAt(month, this.config.collectionCloseDay);
        const first = firstArrival.get(`${body.id}:${month}`);
        const nil = nils.get(`${body.id}:${month}`);
        let status: DisciplineStatus;
        if (first) status = first <= close ? 'onTime' : 'late';
        else if (nil) status = nil.filedAt <= close ? 'nil' : 'late';
        // A body registered after a month closed owed nothing for it.
        else if (close <= body.createdAt) status = 'notRequired';
        else status = close <= now || closedByMachine.has(month) ? 'missed' : 'pending';
        months[month] = status;
        counts[status]++;
      }
      return {
        organization: { id: body.id, name: body.name, city: body.city },
        months,
        counts,
        share: disciplineShare(counts),
      };
    });
    return { period: period.key, months: period.months, bodies: rows };
  }

  /** Time in stage, what is overdue now, experts' punctuality and the return rate. */
  async process(filters: StatsFilters): Promise<ProcessReport> {
    const period = parsePeriod(filters.period);
    const em = this.em.fork();
    const now = this.clock.now();
    const stages = await this.stageTimes(period, filters);

    const late = await em.find(
      ExpertAssignment,
      { status: 'active', dueAt: { $lt: now } },
      { populate: ['expert'], orderBy: { dueAt: 'asc' } },
    );
    // Items waiting in their batch, with the filters, as plain rows: at 100,000 items a few
    // thousand can wait, and hydrating them as entities took most of this report's time. Those
    // whose batch has closed are picked below; a batch condition here would lead SQLite to the
    // batch index, which holds every item ever reported, instead of the state's few.
    const where = [`w."definition" = 'achievement'`, `w."state" = 'submitted'`];
    const params: unknown[] = [];
    whereItemFilters(filters, where, params);
    const waiting = await this.sql().execute<
      { id: string; title: string; batch_key: string | null }[]
    >(
      `select a."id", a."title", w."batch_key" from "workflow_instance" w
       join "achievement" a on a."workflow_id" = w."id"
       join "organization" o on o."id" = a."owner_organization_id"
       where ${where.join(' and ')}
       order by a."created_at", a."id"`,
      params,
    );
    // The period's due seats are counted in SQL with the filters (a year's seats are one per
    // scored item: loading them and then their items in chunks took seconds at 100,000 items);
    // only the few overdue seats listed by name are looked up.
    const seatWhere = [
      `s."due_at" >= ?`,
      `s."due_at" < ?`,
      `s."status" in ('submitted', 'lapsed')`,
    ];
    const seatParams: unknown[] = [this.dbTime(period.from), this.dbTime(period.to)];
    whereItemFilters(filters, seatWhere, seatParams);
    const filtered = seatWhere.length > 3;
    const [seatCounts] = await this.sql().execute<
      { due: number | string; on_time: number | string | null }[]
    >(
      `select count(*) as "due",
         sum(case when s."status" = 'submitted' and s."submitted_at" <= s."due_at" then 1 else 0 end) as "on_time"
       from "expert_assignment" s${
         filtered
           ? `
       join "achievement" a on a."id" = s."achievement_id"
       join "organization" o on o."id" = a."owner_organization_id"`
           : ''
       }
       where ${seatWhere.join(' and ')}`,
      seatParams,
    );
    const due = Number(seatCounts?.due ?? 0);
    const onTime = Number(seatCounts?.on_time ?? 0);
    const items = new Map<string, ItemDims>();
    for (const part of chunks([...new Set(late.map((s) => s.achievement.id))])) {
      for (const [id, item] of await this.items(filters, part)) items.set(id, item);
    }
    const inScope = (id: string) => items.has(id);
    const { decisions, returned } = await this.decisions(period, filters);
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
    return {
      period: period.key,
      stages,
      overdue: {
        expertSeats: late
          .filter((s) => inScope(s.achievement.id))
          .map((s) => ({
            itemId: s.achievement.id,
            title: items.get(s.achievement.id)!.title,
            expert: s.expert.displayName,
            dueAt: s.dueAt.toISOString(),
          })),
        batches: waiting
          .flatMap((a) =>
            a.batch_key === null
              ? []
              : [
                  {
                    itemId: a.id,
                    title: a.title,
                    period: a.batch_key,
                    closedAt: closesAt(a.batch_key, this.config.collectionCloseDay),
                  },
                ],
          )
          .filter((b) => b.closedAt <= now)
          .map((b) => ({ ...b, closedAt: b.closedAt.toISOString() })),
      },
      expertOnTime: { due, onTime, rate: ratio(onTime, due) },
      returns: { decisions, returned, rate: ratio(returned, decisions) },
    };
  }

  /**
   * The league tables: library entries and published results in the period (by the item's
   * city, or its collecting body), landmark results (the period's year's annual list, as for the
   * target) and reporting discipline, weighted per the settings.
   */
  async ranking(periodKey: string): Promise<RankingReport> {
    const settings = await this.settings.get();
    const period = parsePeriod(periodKey);
    const discipline = await this.discipline({ period: periodKey });
    const cities = await this.em.fork().find(City, {}, { orderBy: { sortOrder: 'asc' } });

    const countsBy = async (by: 'city' | 'body') => {
      const counts = await this.stageCounts(period, {}, by, ['inLibrary', 'published']);
      const of = (metric: FunnelMetric) =>
        new Map(counts.filter((c) => c.metric === metric).map((c) => [c.key, c.n]));
      return [of('inLibrary'), of('published')];
    };
    const [cityLib, cityPub] = await countsBy('city');
    const [bodyLib, bodyPub] = await countsBy('body');
    const landmarks = await this.landmarks(Number(period.key.slice(0, 4)), {});
    const countLandmarks = (key: (d: ItemDims) => string) => {
      const out = new Map<string, number>();
      for (const item of landmarks.values()) {
        const k = key(item);
        out.set(k, (out.get(k) ?? 0) + 1);
      }
      return out;
    };
    const cityLandmark = countLandmarks((d) => d.city);
    const bodyLandmark = countLandmarks((d) => d.body);

    const cityNames = [
      ...new Set([
        ...cities.map((c) => c.name),
        ...discipline.bodies.map((b) => b.organization.city),
      ]),
    ];
    const cityRows = cityNames.map((name) => {
      const sum = { onTime: 0, nil: 0, late: 0, missed: 0 };
      for (const b of discipline.bodies.filter((x) => x.organization.city === name)) {
        for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += b.counts[k];
      }
      return {
        key: name,
        name,
        values: {
          libraryEntries: cityLib.get(name) ?? 0,
          published: cityPub.get(name) ?? 0,
          landmark: cityLandmark.get(name) ?? 0,
          discipline: disciplineShare(sum) ?? 0,
        },
      };
    });
    const bodyRows = discipline.bodies.map((b) => ({
      key: b.organization.id,
      name: b.organization.name,
      values: {
        libraryEntries: bodyLib.get(b.organization.id) ?? 0,
        published: bodyPub.get(b.organization.id) ?? 0,
        landmark: bodyLandmark.get(b.organization.id) ?? 0,
        discipline: b.share ?? 0,
      },
    }));
    return {
      period: period.key,
      weights: { ...settings.weights },
      cities: rank(cityRows, settings.weights),
      bodies: rank(bodyRows, settings.weights),
    };
  }

  /**
   * The items matching the filters, with what the figures group by. Plain rows, not entities: at
   * 100,000 items hydrating them took seconds, the query itself a fraction of that.
   */
  private async items(
    filters: Partial<StatsFilters>,
    ids?: string[],
  ): Promise<Map<string, ItemDims>> {
    if (ids?.length === 0) return new Map();
    const where: string[] = [];
    const params: string[] = [];
    if (ids) {
      where.push(`a."id" in (${ids.map(() => '?').join(', ')})`);
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

  private sql(): SqlEntityManager {
    return this.em.fork() as SqlEntityManager;
  }

  /** A datetime as the database stores it: a timestamp on PostgreSQL, epoch ms on SQLite. */
  private dbTime(at: Date): Date | number {
    return this.config.databaseUrl !== null ? at : at.getTime();
  }

  /** A datetime column as the driver returns it (epoch ms on SQLite, maybe text), as a Date. */
  private fromDb(at: Date | number | string): Date {
    return new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : at);
  }

  /**
   * Median and p90 hours of each timed state's stays that ended in the period, from the period's
   * distinct durations and how many stays had each (stage_duration, see
   * migrations/stage-stay.sql.ts): the values at each percentile's ranks are found by running
   * sums, in one statement.
   */
  private async stageTimes(period: StatsPeriod, filters: StatsFilters): Promise<StageTime[]> {
    const where = [
      'd."month" >= ?',
      'd."month" <= ?',
      `d."state" in (${TIMED_STAGES.map(() => '?').join(', ')})`,
    ];
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
    return TIMED_STAGES.map((state): StageTime => {
      const list = durations.get(state) ?? [];
      const count = list.reduce((a, d) => a + d.n, 0);
      /** The duration at a 0-based rank in duration order. */
      const at = (rank: number) => {
        let seen = 0;
        for (const d of list) {
          seen += d.n;
          if (rank < seen) return d.ms / HOUR_MS;
        }
        throw new Error(`rank ${rank} beyond ${count} stays`);
      };
      const hours = [50, 90].map((p) => {
        if (count === 0) return null;
        const { lower, upper, fraction } = percentileRank(count, p);
        return round1(interpolate(at(lower), at(upper), fraction));
      });
      return {
        state,
        label: STATE_LABELS[state],
        count,
        medianHours: hours[0],
        p90Hours: hours[1],
      };
    });
  }

  /**
   * Review decisions in the period and how many returned the item, summed from stage_decision
   * (see migrations/stage-stay.sql.ts), which counts the audit rows of those events.
   */
  private async decisions(
    period: StatsPeriod,
    filters: Omit<Partial<StatsFilters>, 'period'>,
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
   * Distinct items per funnel stage and key in the period, summed from stage_count (see
   * migrations/stage-stay.sql.ts): an item counts once per stage and key, on its entry whose
   * previous entry of that stage lies in an earlier month than the period's first (for `month`,
   * in another month). An item has one key per grouping, so the groups add up to the totals.
   */
  private async stageCounts(
    period: StatsPeriod,
    filters: Omit<Partial<StatsFilters>, 'period'>,
    by: Grouping | 'month' | 'all',
    metrics?: readonly FunnelMetric[],
  ): Promise<{ key: string; label: string; metric: FunnelMetric; n: number }[]> {
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
      where.push(`c."metric" in (${metrics.map(() => '?').join(', ')})`);
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
        ? new Map(
            (
              await this.em.fork().find(
                Organization,
                { id: { $in: [...new Set(rows.map((r) => r.key))] } },
                {
                  fields: ['id', 'name'],
                },
              )
            ).map((o) => [o.id, o.name]),
          )
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

  /** Distinct items (with their dimensions) per release channel in the period. */
  private async releaseHits(
    period: StatsPeriod,
    filters: Omit<Partial<StatsFilters>, 'period'>,
  ): Promise<Map<ReleaseMetric, Map<string, ItemDims>>> {
    const hits = new Map<ReleaseMetric, Map<string, ItemDims>>(
      RELEASE_METRICS.map((m) => [m, new Map()]),
    );
    for (const row of await this.releaseRows(period, filters)) {
      hits.get(RELEASE_METRIC_OF[row.kind])!.set(row.item.id, row.item);
    }
    return hits;
  }

  /** Items selected in an edition issued in the period (drafts and deselected picks do not count). */
  private async releaseRows(
    period: StatsPeriod,
    filters: Omit<Partial<StatsFilters>, 'period'>,
  ): Promise<{ item: ItemDims; kind: EditionKind; issuedAt: Date }[]> {
    const rows = await this.em.fork().find(
      ReleaseEditionItem,
      {
        selected: true,
        edition: { state: 'issued', issuedAt: { $gte: period.from, $lt: period.to } },
      },
      { fields: ['achievement', 'edition.kind', 'edition.issuedAt'] },
    );
    const items = await this.items(filters, [...new Set(rows.map((r) => r.achievement.id))]);
    return rows.flatMap((r) => {
      const item = items.get(r.achievement.id);
      return item ? [{ item, kind: r.edition.kind, issuedAt: r.edition.issuedAt! }] : [];
    });
  }

  /**
   * Landmark results of a year: the items selected on its issued annual list. When a correction
   * of the list has been issued, the last one issued is the list, so an item it dropped no
   * longer counts; none before the list is issued.
   */
  private async landmarks(
    year: number,
    filters: Omit<Partial<StatsFilters>, 'period'>,
  ): Promise<Map<string, ItemDims>> {
    const em = this.em.fork();
    const [list] = await em.find(
      ReleaseEdition,
      { kind: 'annual', year, state: 'issued' },
      { fields: ['id'], orderBy: { issuedAt: 'desc', id: 'asc' }, limit: 1 },
    );
    if (!list) return new Map();
    const rows = await em.find(
      ReleaseEditionItem,
      { edition: list.id, selected: true },
      { fields: ['achievement'] },
    );
    return this.items(
      filters,
      rows.map((r) => r.achievement.id),
    );
  }

  private async domainNames(): Promise<Map<string, string>> {
    const rows = await this.em.fork().find(StrategicDomain, {});
    return new Map(rows.map((d) => [d.key, d.name]));
  }
}
