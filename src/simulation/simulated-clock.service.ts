import { Injectable } from '@nestjs/common';
import { CollectionCycleService } from '../collection/collection-cycle.service';
import { Clock, ManualClock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { StatsReportsService } from '../stats/stats-reports.service';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Moves a simulated clock (SIMULATED_CLOCK_START) for demos and the simulated year, running the
 * scheduled cycles day by day so each day's reminders and closes happen as they would in real time.
 */
@Injectable()
export class SimulatedClockService {
  constructor(
    private readonly clock: Clock,
    private readonly cycle: CollectionCycleService,
    private readonly reports: StatsReportsService,
  ) {}

  now(): { now: string; simulated: boolean } {
    return { now: this.clock.now().toISOString(), simulated: this.clock instanceof ManualClock };
  }

  async move(
    to: Date | undefined,
    advanceDays: number | undefined,
  ): Promise<{ now: string; fired: number }> {
    if (!(this.clock instanceof ManualClock)) {
      throw new ConflictError('时钟为真实时间;只有以 SIMULATED_CLOCK_START 启动时才能调整');
    }
    const clock = this.clock;
    const from = clock.now();
    const target = to ?? (advanceDays ? new Date(from.getTime() + advanceDays * DAY_MS) : null);
    if (!target) throw InvalidInputError.field('to', '请提供目标时间 to 或前进天数 advanceDays');
    if (target.getTime() < from.getTime()) throw InvalidInputError.field('to', '模拟时钟不能倒退');
    let fired = 0;
    for (let t = from.getTime() + DAY_MS; t < target.getTime(); t += DAY_MS) {
      clock.set(new Date(t));
      fired += await this.cycle.tick();
      // Ranking report drafts are not timers; they are not counted in `fired`.
      await this.reports.runDue();
    }
    clock.set(target);
    fired += await this.cycle.tick();
    await this.reports.runDue();
    return { now: target.toISOString(), fired };
  }
}
