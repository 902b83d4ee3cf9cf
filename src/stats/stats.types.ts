import type { Category } from '../reference/achievement-category';
import type { EditionKind } from '../releases/release-edition.entity';
import type { Grouping } from './dto/stats-query.dto';
import type { RankingRow } from './stats-math';

/**
 * What the statistics report, and the words people read for it: the funnel's metrics, the timed
 * states, the filters and the shape of each report (one file each under reports/).
 */

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
export type ReleaseMetric = (typeof RELEASE_METRICS)[number];
export const RELEASE_METRIC_OF: Record<EditionKind, ReleaseMetric> = {
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

export interface ItemDims {
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

export const emptyCounts = (): FunnelCounts =>
  Object.fromEntries(FUNNEL_METRICS.map((m) => [m, 0])) as FunnelCounts;
