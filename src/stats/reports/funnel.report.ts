import { Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, type Category } from '../../reference/achievement-category';
import type { Grouping } from '../dto/stats-query.dto';
import { parsePeriod } from '../stats-period';
import { StatsLookupsRepository } from '../stats-lookups.repository';
import { StatsRepository } from '../stats.repository';
import {
  FUNNEL_METRICS,
  RELEASE_METRICS,
  RELEASE_METRIC_OF,
  emptyCounts,
  type FunnelCounts,
  type FunnelReport,
  type GroupRow,
  type ItemDims,
  type ReleaseMetric,
  type StatsFilters,
} from '../stats.types';
import { releaseRows } from './release-items';

/** The funnel: distinct items per stage and release channel in the period, by one grouping. */
@Injectable()
export class FunnelReportBuilder {
  constructor(
    private readonly repo: StatsRepository,
    private readonly lookups: StatsLookupsRepository,
  ) {}

  async build(filters: StatsFilters, by: Grouping = 'city'): Promise<FunnelReport> {
    const period = parsePeriod(filters.period);
    const totals: FunnelCounts = emptyCounts();
    const groups = new Map<string, GroupRow>();
    const domainNames = await this.lookups.domainNames();
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
    for (const c of await this.repo.stageCounts(period, filters, by)) {
      rowOf(c.key, c.label).counts[c.metric] += c.n;
      totals[c.metric] += c.n;
    }
    // Distinct items (with their dimensions) per release channel in the period.
    const hits = new Map<ReleaseMetric, Map<string, ItemDims>>(
      RELEASE_METRICS.map((m) => [m, new Map()]),
    );
    for (const row of await releaseRows(this.repo, this.lookups, period, filters)) {
      hits.get(RELEASE_METRIC_OF[row.kind])!.set(row.item.id, row.item);
    }
    for (const [metric, items] of hits) {
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
}
