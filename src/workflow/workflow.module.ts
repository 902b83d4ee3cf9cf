import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { AuditCheckpointJob } from './audit-checkpoint.job';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditVerifier } from './audit-verifier';
import { AuditController } from './audit.controller';
import { AuditKeyring } from './audit-keyring';
import { AuditService } from './audit.service';
import { WorkflowRegistry } from './workflow-registry';
import { WorkflowRunner } from './workflow-runner.service';

@Module({
  imports: [SchedulingModule],
  controllers: [AuditController],
  providers: [
    {
      provide: AuditKeyring,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new AuditKeyring(config),
    },
    WorkflowRegistry,
    WorkflowRunner,
    AuditService,
    AuditVerifier,
    AuditCheckpointService,
    AuditCheckpointJob,
  ],
  exports: [
    WorkflowRunner,
    AuditService,
    AuditKeyring,
    AuditVerifier,
    WorkflowRegistry,
    AuditCheckpointService,
  ],
})
export class WorkflowModule {}
