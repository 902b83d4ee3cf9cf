import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { StatsReportsService } from './stats-reports.service';

/**
 * Thin trigger: the work and its idempotence live in StatsReportsService.runDue, which tests run
 * directly with a fixed clock. Runs at start-up too, so reports owed after downtime are drafted.
 */
@Injectable()
export class StatsReportCycleJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('StatsReportCycleJob');
  private running = false;

  constructor(
    private readonly reports: StatsReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.schedulerEnabled) await this.run();
  }

  @Interval('stats-report-cycle', 600_000)
  async run(): Promise<void> {
    if (!this.config.schedulerEnabled || this.running) return;
    this.running = true;
    try {
      await this.reports.runDue();
    } catch (err) {
      this.logger.error(`通报生成任务执行失败:${String(err)}`);
    } finally {
      this.running = false;
    }
  }
}
