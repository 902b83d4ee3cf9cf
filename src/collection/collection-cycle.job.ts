import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ScheduledJob } from '../scheduling/scheduled-job';
import { CollectionCycleService } from './collection-cycle.service';

/**
 * Thin trigger: the work and its idempotence live in CollectionCycleService.tick, which tests run
 * directly with a fixed clock. Runs once at start-up too, so a close or reminder missed while the
 * server was down happens now.
 */
@Injectable()
export class CollectionCycleJob extends ScheduledJob {
  constructor(
    private readonly cycle: CollectionCycleService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('征集周期任务', config);
  }

  protected work(): Promise<unknown> {
    return this.cycle.tick();
  }

  @Interval('collection-cycle', 60_000)
  run(): Promise<void> {
    return this.tick();
  }
}
