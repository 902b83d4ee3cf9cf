import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { CycleRegistry } from '../scheduling/cycle-registry';
import { TimerService } from '../scheduling/timer.service';
import { periodOf, periodsAround } from './release-calendar';
import type { EditionKind } from './release-edition.entity';
import { ReleasesService } from './releases.service';

export const DRAFT_TIMER = 'release.draft';

/**
 * The release cycles: each edition's drafting is a `scheduled_timer` row (kind release.draft,
 * keyed by the edition's cycle key) due at its draft time (see release-calendar). `runDue` lays
 * the timers of the current and next period of each kind and fires what is due, so a draft time
 * passed while the server was down is caught up on the next run. Firing twice, or on two
 * instances, drafts once: the timer is claimed with a lease and the cycle key is unique.
 */
@Injectable()
export class ReleaseCycleService implements OnModuleInit {
  private readonly logger = new Logger('ReleaseCycle');
  /** Cycle keys whose drafting timer this process has laid: rows are durable, so once is enough. */
  private readonly laid = new Set<string>();

  constructor(
    private readonly timers: TimerService,
    private readonly cycles: CycleRegistry,
    private readonly releases: ReleasesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.cycles.register('releases', (now) => this.runDue(now));
    this.timers.register(DRAFT_TIMER, async (timer) => {
      const period = periodOf(timer.payload.kind as EditionKind, String(timer.payload.period));
      if (!period) throw new Error(`invalid release timer ${timer.key}`);
      const { edition, created } = await this.releases.draft(period);
      if (created) this.logger.log(`已生成 ${edition.number} 草稿(${period.cycleKey})`);
    });
  }

  /** Lays the drafting timers due around `now` and fires every due timer; returns how many fired. */
  async runDue(now: Date = this.clock.now()): Promise<number> {
    for (const period of periodsAround(now)) {
      if (this.laid.has(period.cycleKey)) continue;
      await this.timers.schedule({
        kind: DRAFT_TIMER,
        key: period.cycleKey,
        dueAt: period.draftAt,
        payload: { kind: period.kind, period: period.cycleKey.slice(period.kind.length + 1) },
      });
      this.laid.add(period.cycleKey);
    }
    return this.timers.runDue(now);
  }
}
