import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { AppConfig } from '../config/app-config';

/**
 * The one skeleton of a periodic job: a thin trigger for a service method that holds the work and
 * its idempotence (tests call that method directly with a manual clock). A subclass names the job
 * in Chinese, says what one run does, and puts `@Interval(name, ms)` on a method that calls
 * `tick()` (the decorator needs a method of the concrete class).
 *
 * What every job gets from here: a run at start-up when `runAtStartup` (so work that fell due
 * while the server was down happens now), no overlapping runs in one process (across instances the
 * work itself claims timer rows), nothing at all where this process runs no schedulers, a failed
 * run logged and not thrown into the scheduler, and on SIGTERM no new runs while the one in
 * progress is awaited, so the database is not closed under it.
 */
export abstract class ScheduledJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private current: Promise<void> | null = null;
  private stopping = false;

  protected constructor(
    /** What people read in the log: 「征集周期任务」. */
    private readonly label: string,
    protected readonly config: AppConfig,
    private readonly runAtStartup = true,
  ) {
    this.logger = new Logger(new.target.name);
  }

  /** One run of the job's work. */
  protected abstract work(): Promise<unknown>;

  /** False skips this tick (e.g. e-mail switched off); checked on every tick. */
  protected enabled(): boolean {
    return true;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.runAtStartup) await this.tick();
  }

  /** Runs the work once unless schedulers are off, it is already running, or shutdown began. */
  async tick(): Promise<void> {
    if (!this.config.schedulerEnabled || !this.enabled() || this.current || this.stopping) return;
    const work = this.work().then(
      () => undefined,
      (err: unknown) => {
        this.logger.error(
          `${this.label}执行失败:${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      },
    );
    this.current = work;
    try {
      await work;
    } finally {
      this.current = null;
    }
  }

  /** SIGTERM: no new runs, and the one running finishes before the ORM shuts down. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.current) {
      await this.current;
      this.logger.log(`${this.label}已停止`);
    }
  }
}
