import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { AchievementsModule } from './achievements/achievements.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuthModule } from './auth/auth.module';
import { CollectionModule } from './collection/collection.module';
import { Clock, ManualClock, SystemClock } from './common/clock';
import { rateLimits } from './common/rate-limit';
import { loadConfig, type AppConfig } from './config/app-config';
import { CoreModule } from './config/core.module';
import { DatabaseModule } from './orm/database.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { HealthModule } from './health/health.module';
import { LibraryModule } from './library/library.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PublicModule } from './public/public.module';
import { ReferenceModule } from './reference/reference.module';
import { ReleasesModule } from './releases/releases.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SecurityLogModule } from './security-log/security-log.module';
import { SettingsModule } from './settings/settings.module';
import { SimulationModule } from './simulation/simulation.module';
import { StatsModule } from './stats/stats.module';
import { ExpertsModule } from './experts/experts.module';
import { ExportsModule } from './exports/exports.module';
import { UsersModule } from './users/users.module';
import { VerificationModule } from './verification/verification.module';
import { TransformationModule } from './transformation/transformation.module';
import { WebModule } from './web/web.module';
import { AuditKeysModule } from './workflow/audit-keys.module';
import { WorkflowModule } from './workflow/workflow.module';
import { WorkflowRegistry } from './workflow/workflow-registry';
import { ALL_WORKFLOWS } from './workflow-definitions';
import { declareWorkflowReactions } from './workflow-reactions';
import { WorkflowRunner } from './workflow/workflow-runner.service';

export interface AppOptions {
  config?: AppConfig;
  clock?: Clock;
}

@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    registry: WorkflowRegistry,
    private readonly runner: WorkflowRunner,
    private readonly moduleRef: ModuleRef,
  ) {
    registry.add(...ALL_WORKFLOWS);
  }

  /** The cross-feature reactions to transitions, all listed in src/workflow-reactions.ts. */
  onModuleInit(): void {
    declareWorkflowReactions(this.runner, this.moduleRef);
  }

  /** Tests and scripts pass their own config (a scratch database) and clock. */
  static forRoot(options: AppOptions = {}): DynamicModule {
    const config = options.config ?? loadConfig();
    const clock =
      options.clock ??
      (config.simulatedClockStart
        ? new ManualClock(config.simulatedClockStart)
        : new SystemClock());
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        DatabaseModule.forRoot(config),
        AuditKeysModule,
        ScheduleModule.forRoot(),
        SchedulingModule,
        SecurityLogModule,
        ThrottlerModule.forRoot(rateLimits(config)),
        AuthModule,
        UsersModule,
        OrganizationsModule,
        ReferenceModule,
        SettingsModule,
        WorkflowModule,
        AchievementsModule,
        AttachmentsModule,
        CollectionModule,
        ExpertsModule,
        EvaluationModule,
        NotificationsModule,
        HealthModule,
        PublicModule,
        ReleasesModule,
        VerificationModule,
        LibraryModule,
        SimulationModule,
        StatsModule,
        ExportsModule,
        TransformationModule,
        WebModule,
      ],
    };
  }
}
