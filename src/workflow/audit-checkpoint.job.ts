import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ScheduledJob } from '../scheduling/scheduled-job';
import { AuditCheckpointService } from './audit-checkpoint.service';

/**
 * Thin trigger for AuditCheckpointService.runDue, which tests call with a manual clock. Runs at
 * start-up too, so the first start after an upgrade anchors the trail at once, and a day missed
 * while the server was down is caught up.
 */
@Injectable()
export class AuditCheckpointJob extends ScheduledJob {
  constructor(
    private readonly checkpoints: AuditCheckpointService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('审计检查点任务', config);
  }

  protected work(): Promise<unknown> {
    return this.checkpoints.runDue();
  }

  @Interval('audit-checkpoint', 10 * 60_000)
  run(): Promise<void> {
    return this.tick();
  }
}
