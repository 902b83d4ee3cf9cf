import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
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

/** Which funnel stage an audit row marks, if any (an item enters each stage by these events). */
export function metricsOf(row: {
  eventType: string;
  fromState: string | null;
  toState: string;
}): FunnelMetric[] {
  switch (row.eventType) {
    case 'SUBMIT':
      return ['submitted'];
    case 'RECOMMEND':
      // Only the last hop of the chain reaches the province; a county's hop stays in recommendation.
      return row.toState === 'submitted' ? ['recommended'] : [];
    case 'PASS_ELIGIBILITY':
      return ['eligible'];
    case 'CONFIRM_VERIFICATION':
      return ['verified', 'inLibrary'];
    case 'FAIL_VERIFICATION':
      return ['verified'];
    case 'PUBLISH':
      return ['published'];
  }
  // Scoring closes on an eventless transition taken by whichever event completed the panel.
  if (
    row.fromState === 'expertScoring' &&
    ['consensus', 'onSiteVerification', 'rejected'].includes(row.toState)
  ) {
    return ['scored'];
  }
  return [];
}

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
    const items = await this.items(filters);
    const hits = await this.funnelHits(period, items);
    const totals = emptyCounts();
    const groups = new Map<string, GroupRow>();
    const domainNames = await this.domainNames();
    for (const [metric, ids] of hits) {
      totals[metric] = ids.size;
      for (const id of ids) {
        const item = items.get(id)!;
        const key = by === 'body' ? item.body : item[by];
        let row = groups.get(key);
        if (!row) {
          const label =
            by === 'body'
              ? item.bodyName
              : by === 'domain'
                ? (domainNames.get(key) ?? key)
                : by === 'category'
                  ? CATEGORY_LABELS[key as Category]
                  : key;
          row = { key, label, counts: emptyCounts() };
          groups.set(key, row);
        }
        row.counts[metric]++;
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
    const items = await this.items(filters);
    const rows = await this.funnelRows(period, items);
    const index = new Map(period.months.map((m, i) => [m, i]));
    const seen = new Map<string, Set<string>>();
    const series = Object.fromEntries(
      FUNNEL_METRICS.map((m) => [m, period.months.map(() => 0)]),
    ) as Record<FunnelMetric, number[]>;
    const count = (metric: FunnelMetric, itemId: string, at: Date) => {
      const month = monthOf(at);
      const key = `${metric}:${month}`;
      const ids = seen.get(key) ?? new Set<string>();
      if (ids.has(itemId)) return;
      ids.add(itemId);
      seen.set(key, ids);
      series[metric][index.get(month)!]++;
    };
    for (const row of rows) {
      for (const metric of metricsOf(row)) count(metric, row.instance.id, row.at);
    }
    for (const row of await this.releaseRows(period, items)) {
      count(RELEASE_METRIC_OF[row.kind], row.itemId, row.issuedAt);
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
    const funnel = await this.funnel({ ...filters, period: String(year) });
    const landmarks = await this.landmarkIds(year, await this.items(filters));
    const figure = (actual: number, target: number): TargetFigure => ({
      target,
      actual,
      share: target > 0 ? Math.round((actual / target) * 1000) / 1000 : 0,
    });
    return {
      year,
      libraryEntries: figure(funnel.totals.inLibrary, settings.targets.libraryEntries),
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
    const changes = await em.find(
      AuditEvent,
      {
        at: { $gte: period.from, $lt: period.to },
        instance: { definition: 'achievement' },
      },
      { fields: ['instance', 'seq', 'fromState', 'toState', 'at', 'eventType'] },
    );
    const ended = changes.filter((c) => inScope(c.instance.id) && c.fromState !== c.toState);
    const durations = new Map<string, number[]>(TIMED_STAGES.map((s) => [s, []]));
    const ids = [...new Set(ended.map((c) => c.instance.id))];
    for (const part of chunks(ids)) {
      const history = await em.find(
        AuditEvent,
        { instance: { $in: part }, at: { $lt: period.to } },
        { fields: ['instance', 'seq', 'fromState', 'toState', 'at'], orderBy: { seq: 'asc' } },
      );
      const byItem = new Map<string, (typeof history)[number][]>();
      for (const h of history) byItem.set(h.instance.id, [...(byItem.get(h.instance.id) ?? []), h]);
      for (const rows of byItem.values()) {
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
      (c) => inScope(c.instance.id) && DECISION_EVENTS.includes(c.eventType),
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
    const items = await this.items({ period: periodKey });
    const hits = await this.funnelHits(period, items);
    const discipline = await this.discipline({ period: periodKey });
    const cities = await this.em.fork().find(City, {}, { orderBy: { sortOrder: 'asc' } });

    const countBy = (metric: FunnelMetric, key: (d: ItemDims) => string) => {
      const out = new Map<string, number>();
      for (const id of hits.get(metric) ?? []) {
        const k = key(items.get(id)!);
        out.set(k, (out.get(k) ?? 0) + 1);
      }
      return out;
    };
    const cityLib = countBy('inLibrary', (d) => d.city);
    const cityPub = countBy('published', (d) => d.city);
    const bodyLib = countBy('inLibrary', (d) => d.body);
    const bodyPub = countBy('published', (d) => d.body);
    const landmarks = await this.landmarkIds(Number(period.key.slice(0, 4)), items);
    const countLandmarks = (key: (d: ItemDims) => string) => {
      const out = new Map<string, number>();
      for (const id of landmarks) {
        const k = key(items.get(id)!);
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

  /** The items matching the filters, with what the figures group by. */
  private async items(filters: Partial<StatsFilters>): Promise<Map<string, ItemDims>> {
    const where: FilterQuery<Achievement> = {};
    if (filters.city) where.ownerOrganization = { city: filters.city };
    if (filters.domain) where.domain = filters.domain;
    if (filters.category) where.category = filters.category;
    const rows = await this.em.fork().find(Achievement, where, {
      fields: [
        'id',
        'title',
        'category',
        'domain',
        'ownerOrganization.city',
        'recommenderOrganization.name',
      ],
    });
    return new Map(
      rows.map((a) => [
        a.id,
        {
          id: a.id,
          title: a.title,
          city: a.ownerOrganization.city,
          body: a.recommenderOrganization.id,
          bodyName: a.recommenderOrganization.name,
          domain: a.domain.key,
          category: a.category,
        },
      ]),
    );
  }

  private async funnelRows(period: StatsPeriod, items: Map<string, ItemDims>) {
    const rows = await this.em.fork().find(
      AuditEvent,
      {
        at: { $gte: period.from, $lt: period.to },
        instance: { definition: 'achievement' },
        $or: [
          { eventType: { $in: FUNNEL_EVENTS } },
          {
            fromState: 'expertScoring',
            toState: { $in: ['consensus', 'onSiteVerification', 'rejected'] },
          },
        ],
      },
      { fields: ['instance', 'eventType', 'fromState', 'toState', 'at'] },
    );
    return rows.filter((r) => items.has(r.instance.id));
  }

  private async funnelHits(
    period: StatsPeriod,
    items: Map<string, ItemDims>,
  ): Promise<Map<FunnelMetric, Set<string>>> {
    const hits = new Map<FunnelMetric, Set<string>>(FUNNEL_METRICS.map((m) => [m, new Set()]));
    for (const row of await this.funnelRows(period, items)) {
      for (const metric of metricsOf(row)) hits.get(metric)!.add(row.instance.id);
    }
    for (const row of await this.releaseRows(period, items)) {
      hits.get(RELEASE_METRIC_OF[row.kind])!.add(row.itemId);
    }
    return hits;
  }

  /** Items selected in an edition issued in the period (drafts and deselected picks do not count). */
  private async releaseRows(period: StatsPeriod, items: Map<string, ItemDims>) {
    const rows = await this.em.fork().find(
      ReleaseEditionItem,
      {
        selected: true,
        edition: { state: 'issued', issuedAt: { $gte: period.from, $lt: period.to } },
      },
      { fields: ['achievement', 'edition.kind', 'edition.issuedAt'] },
    );
    return rows
      .filter((r) => items.has(r.achievement.id))
      .map((r) => ({
        itemId: r.achievement.id,
        kind: r.edition.kind,
        issuedAt: r.edition.issuedAt!,
      }));
  }

  /**
   * Landmark results of a year: the items selected on its issued annual list. When a correction
   * of the list has been issued, the last one issued is the list, so an item it dropped no
   * longer counts; none before the list is issued.
   */
  private async landmarkIds(year: number, items: Map<string, ItemDims>): Promise<Set<string>> {
    const em = this.em.fork();
    const [list] = await em.find(
      ReleaseEdition,
      { kind: 'annual', year, state: 'issued' },
      { fields: ['id'], orderBy: { issuedAt: 'desc', id: 'asc' }, limit: 1 },
    );
    if (!list) return new Set();
    const rows = await em.find(
      ReleaseEditionItem,
      { edition: list.id, selected: true },
      { fields: ['achievement'] },
    );
    return new Set(rows.map((r) => r.achievement.id).filter((id) => items.has(id)));
  }

  private async domainNames(): Promise<Map<string, string>> {
    const rows = await this.em.fork().find(StrategicDomain, {});
    return new Map(rows.map((d) => [d.key, d.name]));
  }
}
