import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ReleaseCycleService } from './release-cycle.service';

/**
 * Thin trigger for ReleaseCycleService.runDue, which tests call with a manual clock. Runs at
 * start-up too, so a draft that fell due while the server was down is made now.
 */
@Injectable()
export class ReleaseCycleJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReleaseCycleJob');
  private running = false;

  constructor(
    private readonly cycle: ReleaseCycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.schedulerEnabled) await this.run();
  }

  @Interval('release-cycle', 10 * 60_000)
  async run(): Promise<void> {
    if (!this.config.schedulerEnabled || this.running) return;
    this.running = true;
    try {
      await this.cycle.runDue();
    } catch (err) {
      this.logger.error(`发布刊期周期任务执行失败:${String(err)}`);
    } finally {
      this.running = false;
    }
  }
}
