import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EmailDispatcher } from './email-dispatcher.service';

export const EMAIL_DISPATCH_INTERVAL_MS = 30_000;

/**
 * The timer for the e-mail outbox. It only fires when ScheduleModule is registered, and does
 * nothing unless this process runs schedulers and e-mail is on. Ticks never overlap within one
 * process; across instances the dispatcher's row claims keep each message to one sender.
 */
@Injectable()
export class EmailDispatchJob implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EmailDispatchJob');
  private running = false;
  /** The tick in progress, awaited on shutdown so the database is not closed under it. */
  private current: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly dispatcher: EmailDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('email-dispatch', EMAIL_DISPATCH_INTERVAL_MS)
  async tick(): Promise<void> {
    if (!this.config.schedulerEnabled || !this.dispatcher.enabled || this.running || this.stopping)
      return;
    this.running = true;
    const work = this.dispatcher.dispatchDue();
    this.current = work.then(
      () => undefined,
      () => undefined,
    );
    try {
      await work;
    } catch (err) {
      this.logger.error(`邮件发送任务出错:${err instanceof Error ? err.stack : String(err)}`);
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
      this.logger.log('邮件发送任务已停止');
    }
  }
}
