import { Inject, Injectable } from '@nestjs/common';
import { closesAt } from '../../collection/collection-calendar';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { disciplineShare } from '../stats-math';
import { parsePeriod } from '../stats-period';
import { StatsLookupsRepository } from '../stats-lookups.repository';
import { StatsRepository } from '../stats.repository';
import type {
  DisciplineReport,
  DisciplineRow,
  DisciplineStatus,
  StatsFilters,
} from '../stats.types';

/**
 * Each collecting body's months: on time (an item reached the province by the month's close,
 * or a nil report was filed by then), late (only after the close, while the office had the
 * period reopened, or a late nil report), missed, pending while the month is still open, or
 * not required of a body registered after the month closed.
 */
@Injectable()
export class DisciplineReportBuilder {
  constructor(
    private readonly repo: StatsRepository,
    private readonly lookups: StatsLookupsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(filters: Pick<StatsFilters, 'period' | 'city'>): Promise<DisciplineReport> {
    const period = parsePeriod(filters.period);
    const now = this.clock.now();
    const bodies = await this.lookups.collectingBodies(filters.city);
    // A body's month depends only on its earliest arrival at the province among the items of
    // that batch (an item reaches it by the RECOMMEND that enters `submitted`).
    const firstArrival = await this.repo.firstArrivals(period.months);
    const closedByMachine = await this.lookups.closedBatches(period.months);
    const nils = await this.lookups.nilReports(period.months);
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
        const first = firstArrival.get(`${body.id}:${month}`);
        const nil = nils.get(`${body.id}:${month}`);
        let status: DisciplineStatus;
        if (first) status = first <= close ? 'onTime' : 'late';
        else if (nil) status = nil.filedAt <= close ? 'nil' : 'late';
        // A body registered after a month closed owed nothing for it.
        else if (close <= body.createdAt) status = 'notRequired';
        else status = close <= now || closedByMachine.has(month) ? 'missed' : 'pending';
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
}
