import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ScheduledJob } from '../scheduling/scheduled-job';
import { ReleaseCycleService } from './release-cycle.service';

/**
 * Thin trigger for ReleaseCycleService.runDue, which tests call with a manual clock. Runs at
 * start-up too, so a draft that fell due while the server was down is made now.
 */
@Injectable()
export class ReleaseCycleJob extends ScheduledJob {
  constructor(
    private readonly cycle: ReleaseCycleService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('发布刊期周期任务', config);
  }

  protected work(): Promise<unknown> {
    return this.cycle.runDue();
  }

  @Interval('release-cycle', 10 * 60_000)
  run(): Promise<void> {
    return this.tick();
  }
}
