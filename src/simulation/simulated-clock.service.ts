import { Injectable } from '@nestjs/common';
import { CollectionCycleService } from '../collection/collection-cycle.service';
import { Clock, ManualClock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { ReleaseCycleService } from '../releases/release-cycle.service';

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
    private readonly releaseCycle: ReleaseCycleService,
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
      fired += await this.releaseCycle.runDue();
    }
    clock.set(target);
    fired += await this.cycle.tick();
    fired += await this.releaseCycle.runDue();
    return { now: target.toISOString(), fired };
  }
}
