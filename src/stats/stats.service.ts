import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { CATEGORY_LABELS, type Category } from '../achievements/achievement-category';
import { Achievement } from '../achievements/achievement.entity';
import { STATE_LABELS } from '../achievements/achievement-labels';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { closesAt } from '../collection/collection-calendar';
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
import { AuditEvent } from '../workflow/audit-event.entity';
import type { Grouping } from './dto/stats-query.dto';
import { StatsSettingsService } from './stats-settings.service';
import { disciplineShare, percentile, rank, type RankingRow } from './stats-math';
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

const FUNNEL_EVENTS = [
  'SUBMIT',
  'RECOMMEND',
  'PASS_ELIGIBILITY',
  'CONFIRM_VERIFICATION',
  'FAIL_VERIFICATION',
  'PUBLISH',
];
/** The review decisions at which an item can be returned for amendment. */
const DECISION_EVENTS = [
  'RECOMMEND',
  'DECLINE',
  'RETURN_FOR_AMENDMENT',
  'PASS_ELIGIBILITY',
  'REJECT',
];
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

/** An audit row of an achievement, as the figures read it. */
interface AuditRow {
  instanceId: string;
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  at: Date;
}

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

/** The city, domain and category filters as SQL conditions on `a` (achievement) and `o` (its unit). */
function whereItemFilters(
  filters: Partial<StatsFilters>,
  where: string[],
  params: unknown[],
): void {
  for (const [column, value] of [
    ['o."city"', filters.city],
    ['a."domain_key"', filters.domain],
    ['a."category"', filters.category],
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
 * Every figure is computed on request from the workflow rows and the audit trail; nothing here
 * is stored. An item's city is its owning unit's city, its collecting body the body that reports
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
  async scope<T extends { city?: string }>(user: AuthUser, filters: T): Promise<T> {
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
    const inLibrary = (await this.stageCounts(period, filters, 'all'))
      .filter((c) => c.metric === 'inLibrary')
      .reduce((a, c) => a + c.n, 0);
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
    const reported = await em.find(
      Achievement,
      { workflow: { definition: 'achievement', batchKey: { $in: period.months } } },
      { fields: ['id', 'recommenderOrganization', 'workflow.batchKey'] },
    );
    const firstArrival = new Map<string, Date>();
    for (const ids of chunks(reported.map((a) => a.id))) {
      const rows = await em.find(
        AuditEvent,
        { instance: { $in: ids }, eventType: 'RECOMMEND', toState: 'submitted' },
        { fields: ['instance', 'at'] },
      );
      for (const r of rows) {
        const seen = firstArrival.get(r.instance.id);
        if (!seen || r.at < seen) firstArrival.set(r.instance.id, r.at);
      }
    }
    const nils = await em.find(NilReport, { period: { $in: period.months } });
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
        const arrivals = reported
          .filter((a) => a.recommenderOrganization.id === body.id && a.workflow.batchKey === month)
          .map((a) => firstArrival.get(a.id))
          .filter((d): d is Date => !!d);
        const nil = nils.find((n) => n.organization.id === body.id && n.period === month);
        let status: DisciplineStatus;
        if (arrivals.some((d) => d <= close)) status = 'onTime';
        else if (arrivals.length) status = 'late';
        else if (nil) status = nil.filedAt <= close ? 'nil' : 'late';
        // A body registered after a month closed owed nothing for it.
        else if (close <= body.createdAt) status = 'notRequired';
        else status = close <= now ? 'missed' : 'pending';
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
    const items = await this.items(filters);
    const inScope = (id: string) => items.has(id);

    // Stays that ended in the period: the previous state change of the item started them.
    const changes = await this.auditRows('e."at" >= ? and e."at" < ?', [
      this.dbTime(period.from),
      this.dbTime(period.to),
    ]);
    const ended = changes.filter((c) => inScope(c.instanceId) && c.fromState !== c.toState);
    const durations = new Map<string, number[]>(TIMED_STAGES.map((s) => [s, []]));
    const ids = [...new Set(ended.map((c) => c.instanceId))];
    for (const part of chunks(ids)) {
      const history = await this.auditRows(
        `e."instance_id" in (${part.map(() => '?').join(', ')}) and e."at" < ?`,
        [...part, this.dbTime(period.to)],
      );
      const byItem = new Map<string, AuditRow[]>();
      for (const h of history) {
        const list = byItem.get(h.instanceId);
        if (list) list.push(h);
        else byItem.set(h.instanceId, [h]);
      }
      for (const rows of byItem.values()) {
        rows.sort((a, b) => a.seq - b.seq);
        let enteredAt: Date | null = null;
        for (const row of rows) {
          if (row.fromState !== row.toState) {
            if (
              enteredAt &&
              row.fromState &&
              row.at >= period.from &&
              durations.has(row.fromState)
            ) {
              durations.get(row.fromState)!.push(row.at.getTime() - enteredAt.getTime());
            }
            enteredAt = row.at;
          }
        }
      }
    }
    const stages = TIMED_STAGES.map((state): StageTime => {
      const list = durations.get(state)!.map((ms) => ms / HOUR_MS);
      return {
        state,
        label: STATE_LABELS[state],
        count: list.length,
        medianHours: round1(percentile(list, 50)),
        p90Hours: round1(percentile(list, 90)),
      };
    });

    const late = await em.find(
      ExpertAssignment,
      { status: 'active', dueAt: { $lt: now } },
      { populate: ['expert'], orderBy: { dueAt: 'asc' } },
    );
    const waiting = await em.find(
      Achievement,
      { workflow: { definition: 'achievement', state: 'submitted' } },
      { fields: ['id', 'title', 'workflow.batchKey'], orderBy: { createdAt: 'asc' } },
    );
    const seats = await em.find(
      ExpertAssignment,
      {
        dueAt: { $gte: period.from, $lt: period.to },
        status: { $in: ['submitted', 'lapsed'] },
      },
      { fields: ['achievement', 'status', 'dueAt', 'submittedAt'] },
    );
    const dueSeats = seats.filter((s) => inScope(s.achievement.id));
    const onTime = dueSeats.filter(
      (s) => s.status === 'submitted' && s.submittedAt && s.submittedAt <= s.dueAt,
    ).length;
    const decisions = changes.filter(
      (c) => inScope(c.instanceId) && DECISION_EVENTS.includes(c.eventType),
    );
    const returned = decisions.filter((c) => c.eventType === 'RETURN_FOR_AMENDMENT').length;
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
          .filter((a) => inScope(a.id) && a.workflow.batchKey)
          .map((a) => ({
            itemId: a.id,
            title: a.title,
            period: a.workflow.batchKey!,
            closedAt: closesAt(a.workflow.batchKey!, this.config.collectionCloseDay),
          }))
          .filter((b) => b.closedAt <= now)
          .map((b) => ({ ...b, closedAt: b.closedAt.toISOString() })),
      },
      expertOnTime: { due: dueSeats.length, onTime, rate: ratio(onTime, dueSeats.length) },
      returns: { decisions: decisions.length, returned, rate: ratio(returned, decisions.length) },
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

    const countBy = async (metric: FunnelMetric, by: 'city' | 'body') =>
      new Map(
        (await this.stageCounts(period, {}, by))
          .filter((c) => c.metric === metric)
          .map((c) => [c.key, c.n]),
      );
    const cityLib = await countBy('inLibrary', 'city');
    const cityPub = await countBy('published', 'city');
    const bodyLib = await countBy('inLibrary', 'body');
    const bodyPub = await countBy('published', 'body');
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

  /** Achievement audit rows, as plain rows (see items()). */
  private async auditRows(condition: string, params: unknown[]): Promise<AuditRow[]> {
    const rows = await this.sql().execute<
      {
        instance_id: string;
        seq: number;
        event_type: string;
        from_state: string | null;
        to_state: string;
        at: Date | number | string;
      }[]
    >(
      `select e."instance_id", e."seq", e."event_type", e."from_state", e."to_state", e."at"
       from "audit_event" e join "workflow_instance" w on w."id" = e."instance_id"
       where w."definition" = 'achievement' and ${condition}`,
      params,
    );
    return rows.map((r) => ({
      instanceId: r.instance_id,
      seq: Number(r.seq),
      eventType: r.event_type,
      fromState: r.from_state,
      toState: r.to_state,
      at: new Date(typeof r.at === 'string' && /^\d+$/.test(r.at) ? Number(r.at) : r.at),
    }));
  }

  /**
   * Distinct items per funnel stage and key, counted by the database: the rows of a year at
   * 100,000 items are too many to carry to Node. An item enters a stage by these audit events:
   * SUBMIT, the RECOMMEND that reaches the province (a county's hop stays in recommendation),
   * PASS_ELIGIBILITY, CONFIRM_VERIFICATION (verified and in the library) or FAIL_VERIFICATION,
   * PUBLISH; scoring closes on the eventless transition out of expertScoring taken by whichever
   * event completed the panel. `month` keys by Shanghai month (UTC+8, no daylight saving).
   */
  private async stageCounts(
    period: StatsPeriod,
    filters: Omit<Partial<StatsFilters>, 'period'>,
    by: Grouping | 'month' | 'all',
  ): Promise<{ key: string; label: string; metric: FunnelMetric; n: number }[]> {
    const postgres = this.config.databaseUrl !== null;
    const key = {
      city: 'o."city"',
      body: 'r."id"',
      domain: 'a."domain_key"',
      category: 'a."category"',
      month: postgres
        ? `to_char(e."at" at time zone 'Asia/Shanghai', 'YYYY-MM')`
        : `strftime('%Y-%m', e."at" / 1000, 'unixepoch', '+8 hours')`,
      all: `'all'`,
    }[by];
    const label = by === 'body' ? 'r."name"' : key;
    const params: unknown[] = [this.dbTime(period.from), this.dbTime(period.to), ...FUNNEL_EVENTS];
    const where = [
      'e."at" >= ?',
      'e."at" < ?',
      `(e."event_type" in (${FUNNEL_EVENTS.map(() => '?').join(', ')}) or (e."from_state" = 'expertScoring' and e."to_state" in ('consensus', 'onSiteVerification', 'rejected')))`,
    ];
    whereItemFilters(filters, where, params);
    const from = `from "audit_event" e
      join "achievement" a on a."id" = e."instance_id"
      join "organization" o on o."id" = a."owner_organization_id"
      join "organization" r on r."id" = a."recommender_organization_id"
      where ${where.join(' and ')}`;
    const rows = await this.sql().execute<
      { key: string; label: string; metric: FunnelMetric; n: number | string }[]
    >(
      `select g."key", g."label", g."metric", count(distinct g."instance_id") as "n" from (
         select e."instance_id", ${key} as "key", ${label} as "label",
           case
             when e."event_type" = 'SUBMIT' then 'submitted'
             when e."event_type" = 'RECOMMEND' then
               case when e."to_state" = 'submitted' then 'recommended' end
             when e."event_type" = 'PASS_ELIGIBILITY' then 'eligible'
             when e."event_type" in ('CONFIRM_VERIFICATION', 'FAIL_VERIFICATION') then 'verified'
             when e."event_type" = 'PUBLISH' then 'published'
             else 'scored'
           end as "metric"
         ${from}
         union all
         select e."instance_id", ${key}, ${label}, 'inLibrary'
         ${from} and e."event_type" = 'CONFIRM_VERIFICATION'
       ) g
       where g."metric" is not null
       group by g."key", g."label", g."metric"`,
      [...params, ...params],
    );
    return rows.map((r) => ({ key: r.key, label: r.label, metric: r.metric, n: Number(r.n) }));
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
