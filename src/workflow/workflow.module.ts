import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { AuditCheckpointJob } from './audit-checkpoint.job';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditHeadsRepository } from './audit-heads.repository';
import { AuditVerifier } from './audit-verifier';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { WorkflowRegistry } from './workflow-registry';
import { WorkflowRunner } from './workflow-runner.service';

@Module({
  imports: [SchedulingModule],
  controllers: [AuditController],
  providers: [
    WorkflowRegistry,
    WorkflowRunner,
    AuditRepository,
    AuditHeadsRepository,
    AuditService,
    AuditVerifier,
    AuditCheckpointService,
    AuditCheckpointJob,
  ],
  exports: [WorkflowRunner, AuditService, AuditVerifier, WorkflowRegistry, AuditCheckpointService],
})
export class WorkflowModule {}
