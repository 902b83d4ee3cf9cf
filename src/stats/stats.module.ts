import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { StatsReportCycleJob } from './stats-report-cycle.job';
import { StatsReportsController } from './stats-reports.controller';
import { StatsReportsService } from './stats-reports.service';
import { StatsSettingsService } from './stats-settings.service';
import { StageStaysRepository } from './stage-stays.repository';
import { SettingsModule } from '../settings/settings.module';
import { StageStaysService } from './stage-stays.service';
import { StatsReportsRepository } from './stats-reports.repository';
import { StatsController } from './stats.controller';
import { StatsLookupsRepository } from './stats-lookups.repository';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';
import { DisciplineReportBuilder } from './reports/discipline.report';
import { FunnelReportBuilder } from './reports/funnel.report';
import { ProcessReportBuilder } from './reports/process.report';
import { RankingReportBuilder } from './reports/ranking.report';
import { TargetsReportBuilder } from './reports/targets.report';
import { TrendReportBuilder } from './reports/trend.report';

@Module({
  imports: [WorkflowModule, SchedulingModule, SettingsModule],
  controllers: [StatsReportsController, StatsController],
  providers: [
    StatsService,
    StatsRepository,
    StatsLookupsRepository,
    FunnelReportBuilder,
    TrendReportBuilder,
    TargetsReportBuilder,
    DisciplineReportBuilder,
    ProcessReportBuilder,
    RankingReportBuilder,
    StatsSettingsService,
    StatsReportsService,
    StatsReportsRepository,
    StatsReportCycleJob,
    StageStaysService,
    StageStaysRepository,
  ],
  exports: [StatsService, StatsSettingsService, StatsReportsService, StageStaysService],
})
export class StatsModule {}
