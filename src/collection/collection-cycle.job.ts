import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CollectionCycleService } from './collection-cycle.service';

/**
 * Thin trigger: the work and its idempotence live in CollectionCycleService.tick, which tests run
 * directly with a fixed clock. Runs once at start-up too, so a close or reminder missed while the
 * server was down happens now.
 */
@Injectable()
export class CollectionCycleJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CollectionCycleJob');
  private running = false;
  /** The tick in progress, awaited on shutdown so the database is not closed under it. */
  private current: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly cycle: CollectionCycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.schedulerEnabled) await this.run();
  }

  @Interval('collection-cycle', 60_000)
  async run(): Promise<void> {
    if (!this.config.schedulerEnabled || this.running || this.stopping) return;
    this.running = true;
    const work = this.cycle.tick();
    this.current = work.then(
      () => undefined,
      () => undefined,
    );
    try {
      await work;
    } catch (err) {
      this.logger.error(`征集周期任务执行失败:${String(err)}`);
    } finally {
      this.running = false;
      this.current = null;
    }
  }

  /** SIGTERM: no new ticks, and the one running finishes before the ORM shuts down. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.current) {
      await this.current;
      this.logger.log('征集周期任务已停止');
    }
  }
}
