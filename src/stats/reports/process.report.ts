import { Inject, Injectable } from '@nestjs/common';
import { STATE_LABELS } from '../../achievements/achievement-labels';
import { closesAt } from '../../collection/collection-calendar';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { interpolate, percentileRank } from '../stats-math';
import { parsePeriod, shanghaiParts, type StatsPeriod } from '../stats-period';
import { StatsRepository } from '../stats.repository';
import {
  TIMED_STAGES,
  type ProcessReport,
  type StageTime,
  type StatsFilters,
} from '../stats.types';

const HOUR_MS = 3600 * 1000;

/** The latest monthly batch whose close time has passed at `now` (keys order as text). */
export function lastClosedBatch(now: Date, config: Pick<AppConfig, 'collectionCloseDay'>): string {
  // A month closes on a day of itself or, with a late close day, early the next: start a month
  // ahead and step back to the first that has closed.
  let { year, month } = shanghaiParts(now);
  month++;
  for (;;) {
    if (month === 0) {
      year--;
      month = 12;
    }
    if (month === 13) {
      year++;
      month = 1;
    }
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (closesAt(key, config.collectionCloseDay) <= now) return key;
    month--;
  }
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** Time in stage, what is overdue now, experts' punctuality and the return rate. */
@Injectable()
export class ProcessReportBuilder {
  constructor(
    private readonly repo: StatsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(filters: StatsFilters): Promise<ProcessReport> {
    const period = parsePeriod(filters.period);
    const now = this.clock.now();
    const stages = await this.stageTimes(period, filters);
    const late = await this.repo.overdueSeats(now, filters);
    const waiting = await this.repo.waitingItems(filters, lastClosedBatch(now, this.config));
    const { due, onTime } = await this.repo.expertSeatCounts(period, filters);
    const { decisions, returned } = await this.repo.decisions(period, filters);
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
    return {
      period: period.key,
      stages,
      overdue: {
        expertSeats: late.map((s) => ({ ...s, dueAt: s.dueAt.toISOString() })),
        batches: waiting.map((a) => ({
          itemId: a.id,
          title: a.title,
          period: a.batch_key,
          closedAt: closesAt(a.batch_key, this.config.collectionCloseDay).toISOString(),
        })),
      },
      expertOnTime: { due, onTime, rate: ratio(onTime, due) },
      returns: { decisions, returned, rate: ratio(returned, decisions) },
    };
  }

  /**
   * Median and p90 hours of each timed state's stays that ended in the period, from the period's
   * distinct durations and how many stays had each: the values at each percentile's ranks are
   * found by running sums.
   */
  private async stageTimes(period: StatsPeriod, filters: StatsFilters): Promise<StageTime[]> {
    const durations = await this.repo.stayDurations(period, filters);
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
}
