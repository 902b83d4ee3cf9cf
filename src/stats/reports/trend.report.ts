import { Injectable } from '@nestjs/common';
import { monthOf, parsePeriod } from '../stats-period';
import { StatsLookupsRepository } from '../stats-lookups.repository';
import { StatsRepository } from '../stats.repository';
import {
  FUNNEL_METRICS,
  RELEASE_METRIC_OF,
  type FunnelMetric,
  type StatsFilters,
  type TrendReport,
} from '../stats.types';
import { releaseRows } from './release-items';

/** The funnel month by month over the period (Shanghai months). */
@Injectable()
export class TrendReportBuilder {
  constructor(
    private readonly repo: StatsRepository,
    private readonly lookups: StatsLookupsRepository,
  ) {}

  async build(filters: StatsFilters): Promise<TrendReport> {
    const period = parsePeriod(filters.period);
    const index = new Map(period.months.map((m, i) => [m, i]));
    const series = Object.fromEntries(
      FUNNEL_METRICS.map((m) => [m, period.months.map(() => 0)]),
    ) as Record<FunnelMetric, number[]>;
    for (const c of await this.repo.stageCounts(period, filters, 'month')) {
      series[c.metric][index.get(c.key)!] += c.n;
    }
    const seen = new Set<string>();
    for (const row of await releaseRows(this.repo, this.lookups, period, filters)) {
      const metric = RELEASE_METRIC_OF[row.kind];
      const month = monthOf(row.issuedAt);
      const key = `${metric}:${month}:${row.item.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      series[metric][index.get(month)!]++;
    }
    return { period: period.key, months: period.months, series };
  }
}
