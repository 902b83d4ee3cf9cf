import { Injectable } from '@nestjs/common';
import { StatsSettingsService } from '../stats-settings.service';
import { disciplineShare, rank } from '../stats-math';
import { parsePeriod } from '../stats-period';
import { StatsLookupsRepository } from '../stats-lookups.repository';
import { StatsRepository } from '../stats.repository';
import type { FunnelMetric, ItemDims, RankingReport } from '../stats.types';
import { DisciplineReportBuilder } from './discipline.report';
import { landmarks } from './release-items';

/**
 * The league tables: library entries and published results in the period (by the item's
 * city, or its collecting body), landmark results (the period's year's annual list, as for the
 * target) and reporting discipline, weighted per the settings.
 */
@Injectable()
export class RankingReportBuilder {
  constructor(
    private readonly repo: StatsRepository,
    private readonly lookups: StatsLookupsRepository,
    private readonly settings: StatsSettingsService,
    private readonly disciplineReport: DisciplineReportBuilder,
  ) {}

  async build(periodKey: string): Promise<RankingReport> {
    const settings = await this.settings.get();
    const period = parsePeriod(periodKey);
    const discipline = await this.disciplineReport.build({ period: periodKey });
    const cities = await this.lookups.cityNames();

    const countsBy = async (by: 'city' | 'body') => {
      const counts = await this.repo.stageCounts(period, {}, by, ['inLibrary', 'published']);
      const of = (metric: FunnelMetric) =>
        new Map(counts.filter((c) => c.metric === metric).map((c) => [c.key, c.n]));
      return [of('inLibrary'), of('published')];
    };
    const [cityLib, cityPub] = await countsBy('city');
    const [bodyLib, bodyPub] = await countsBy('body');
    const landmarkItems = await landmarks(
      this.repo,
      this.lookups,
      Number(period.key.slice(0, 4)),
      {},
    );
    const countLandmarks = (key: (d: ItemDims) => string) => {
      const out = new Map<string, number>();
      for (const item of landmarkItems.values()) {
        const k = key(item);
        out.set(k, (out.get(k) ?? 0) + 1);
      }
      return out;
    };
    const cityLandmark = countLandmarks((d) => d.city);
    const bodyLandmark = countLandmarks((d) => d.body);

    const cityNames = [
      ...new Set([...cities, ...discipline.bodies.map((b) => b.organization.city)]),
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
}
