import { Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ForbiddenError } from '../common/domain-errors';
import type { Grouping } from './dto/stats-query.dto';
import { DisciplineReportBuilder } from './reports/discipline.report';
import { FunnelReportBuilder } from './reports/funnel.report';
import { ProcessReportBuilder } from './reports/process.report';
import { RankingReportBuilder } from './reports/ranking.report';
import { TargetsReportBuilder } from './reports/targets.report';
import { TrendReportBuilder } from './reports/trend.report';
import { checkStatsFilters, statsFilterOptions, type StatsFilterOptions } from './stats-filters';
import { shanghaiParts } from './stats-period';
import { StatsLookupsRepository } from './stats-lookups.repository';
import type {
  DisciplineReport,
  FunnelReport,
  ProcessReport,
  RankingReport,
  StatsFilters,
  TargetProgress,
  TrendReport,
} from './stats.types';

/**
 * The statistics as callers ask for them: who may see which scope, and each report (one file each
 * under reports/, their reads in StatsRepository and StatsLookupsRepository). Every figure is
 * computed on request from the stays (StageStaysService, written with each transition from the
 * audit trail), the audit trail and the workflow rows; nothing is counted by hand. An item's city
 * is its owning unit's city, its collecting body the body that reports it to the province.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly clock: Clock,
    private readonly lookups: StatsLookupsRepository,
    private readonly funnelReport: FunnelReportBuilder,
    private readonly trendReport: TrendReportBuilder,
    private readonly targetsReport: TargetsReportBuilder,
    private readonly disciplineReport: DisciplineReportBuilder,
    private readonly processReport: ProcessReportBuilder,
    private readonly rankingReport: RankingReportBuilder,
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
    await checkStatsFilters(this.lookups, filters);
    if (hasRole(user, 'officeStaff', 'admin')) return filters;
    if (hasRole(user, 'recommender')) {
      const org = await this.lookups.organization(user.organizationId);
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
    return statsFilterOptions(this.lookups, this.clock.now());
  }

  /** The period key to use: the given one, or the current Shanghai year. */
  periodKey(period?: string): string {
    return period ?? String(shanghaiParts(this.clock.now()).year);
  }

  funnel(filters: StatsFilters, by: Grouping = 'city'): Promise<FunnelReport> {
    return this.funnelReport.build(filters, by);
  }

  trend(filters: StatsFilters): Promise<TrendReport> {
    return this.trendReport.build(filters);
  }

  targets(year: number, filters: Omit<StatsFilters, 'period'> = {}): Promise<TargetProgress> {
    return this.targetsReport.build(year, filters);
  }

  discipline(filters: Pick<StatsFilters, 'period' | 'city'>): Promise<DisciplineReport> {
    return this.disciplineReport.build(filters);
  }

  process(filters: StatsFilters): Promise<ProcessReport> {
    return this.processReport.build(filters);
  }

  ranking(periodKey: string): Promise<RankingReport> {
    return this.rankingReport.build(periodKey);
  }
}
