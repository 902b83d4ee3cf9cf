import type { RankingRow } from './stats-math';
import type { FunnelCounts, GroupRow, StageTime, TargetProgress, TrendReport } from './stats.types';

/** What a ranking report shows, as generated; the documents are rendered from this alone. */
export interface ReportContent {
  period: string;
  kind: 'quarterly' | 'annual';
  label: string;
  generatedAt: string;
  weights: Record<string, number>;
  cities: RankingRow[];
  bodies: RankingRow[];
  funnel: FunnelCounts;
  funnelByCity: GroupRow[];
  trend: TrendReport;
  targets: TargetProgress;
  stages: StageTime[];
}
