import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/domain-errors';
import { StatsSettingsService } from '../stats-settings.service';
import { parsePeriod } from '../stats-period';
import { StatsLookupsRepository } from '../stats-lookups.repository';
import { StatsRepository } from '../stats.repository';
import type { StatsFilters, TargetFigure, TargetProgress } from '../stats.types';
import { landmarks } from './release-items';

/**
 * Library entries this Shanghai year, and landmark results (the year's issued annual list),
 * against the annual targets.
 */
@Injectable()
export class TargetsReportBuilder {
  constructor(
    private readonly repo: StatsRepository,
    private readonly lookups: StatsLookupsRepository,
    private readonly settings: StatsSettingsService,
  ) {}

  async build(year: number, filters: Omit<StatsFilters, 'period'> = {}): Promise<TargetProgress> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      throw InvalidInputError.field('year', '必须是 2000–2100 之间的年份');
    }
    const settings = await this.settings.get();
    const period = parsePeriod(String(year));
    const inLibrary = (await this.repo.stageCounts(period, filters, 'all', ['inLibrary'])).reduce(
      (a, c) => a + c.n,
      0,
    );
    const landmarkItems = await landmarks(this.repo, this.lookups, year, filters);
    const figure = (actual: number, target: number): TargetFigure => ({
      target,
      actual,
      share: target > 0 ? Math.round((actual / target) * 1000) / 1000 : 0,
    });
    return {
      year,
      libraryEntries: figure(inLibrary, settings.targets.libraryEntries),
      landmarkResults: figure(landmarkItems.size, settings.targets.landmarkResults),
    };
  }
}
