import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditCheckpointService } from './audit-checkpoint.service';

/**
 * Thin trigger for AuditCheckpointService.runDue, which tests call with a manual clock. Runs at
 * start-up too, so the first start after an upgrade anchors the trail at once, and a day missed
 * while the server was down is caught up.
 */
@Injectable()
export class AuditCheckpointJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditCheckpointJob');
  private running = false;

  constructor(
    private readonly checkpoints: AuditCheckpointService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.schedulerEnabled) await this.run();
  }

  @Interval('audit-checkpoint', 10 * 60_000)
  async run(): Promise<void> {
    if (!this.config.schedulerEnabled || this.running) return;
    this.running = true;
    try {
      await this.checkpoints.runDue();
    } catch (err) {
      this.logger.error(`审计检查点任务执行失败:${String(err)}`);
    } finally {
      this.running = false;
    }
  }
}
