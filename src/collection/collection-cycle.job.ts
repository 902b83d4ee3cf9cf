import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CollectionCycleService } from './collection-cycle.service';

/**
 * Thin trigger: the work and its idempotence live in CollectionCycleService.tick, which tests run
 * directly with a fixed clock. Runs once at start-up too, so a close or reminder missed while the
 * server was down happens now.
 */
@Injectable()
export class CollectionCycleJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('CollectionCycleJob');
  private running = false;

  constructor(
    private readonly cycle: CollectionCycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.schedulerEnabled) await this.run();
  }

  @Interval('collection-cycle', 60_000)
  async run(): Promise<void> {
    if (!this.config.schedulerEnabled || this.running) return;
    this.running = true;
    try {
      await this.cycle.tick();
    } catch (err) {
      this.logger.error(`征集周期任务执行失败:${String(err)}`);
    } finally {
      this.running = false;
    }
  }
}
