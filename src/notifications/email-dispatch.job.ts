import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ScheduledJob } from '../scheduling/scheduled-job';
import { EmailDispatcher } from './email-dispatcher.service';

export const EMAIL_DISPATCH_INTERVAL_MS = 30_000;

/**
 * The timer for the e-mail outbox. It only fires when ScheduleModule is registered, and does
 * nothing unless this process runs schedulers and e-mail is on. Ticks never overlap within one
 * process; across instances the dispatcher's row claims keep each message to one sender. Not run
 * at start-up: the first tick comes after one interval.
 */
@Injectable()
export class EmailDispatchJob extends ScheduledJob {
  constructor(
    private readonly dispatcher: EmailDispatcher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('邮件发送任务', config, false);
  }

  protected override enabled(): boolean {
    return this.dispatcher.enabled;
  }

  protected work(): Promise<unknown> {
    return this.dispatcher.dispatchDue();
  }

  @Interval('email-dispatch', EMAIL_DISPATCH_INTERVAL_MS)
  run(): Promise<void> {
    return this.tick();
  }
}
