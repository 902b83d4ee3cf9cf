import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ScheduledJob } from '../scheduling/scheduled-job';
import { StatsReportsService } from './stats-reports.service';

/**
 * Thin trigger: the work and its idempotence live in StatsReportsService.runDue, which tests run
 * directly with a fixed clock. Runs at start-up too, so reports owed after downtime are drafted.
 */
@Injectable()
export class StatsReportCycleJob extends ScheduledJob {
  constructor(
    private readonly reports: StatsReportsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('通报生成任务', config);
  }

  protected work(): Promise<unknown> {
    return this.reports.runDue();
  }

  @Interval('stats-report-cycle', 600_000)
  run(): Promise<void> {
    return this.tick();
  }
}
