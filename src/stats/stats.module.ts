import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { StatsReportCycleJob } from './stats-report-cycle.job';
import { StatsReportsController } from './stats-reports.controller';
import { StatsReportsService } from './stats-reports.service';
import { StatsSettingsService } from './stats-settings.service';
import { StageStaysService } from './stage-stays.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  imports: [WorkflowModule, SchedulingModule],
  controllers: [StatsReportsController, StatsController],
  providers: [
    StatsService,
    StatsSettingsService,
    StatsReportsService,
    StatsReportCycleJob,
    StageStaysService,
  ],
  exports: [StatsService, StatsSettingsService, StatsReportsService, StageStaysService],
})
export class StatsModule {}
