import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { WorkflowRunner } from './workflow-runner.service';
import { WorkflowsController } from './workflows.controller';

@Module({
  controllers: [AuditController, WorkflowsController],
  providers: [WorkflowRunner, AuditService],
  exports: [WorkflowRunner, AuditService],
})
export class WorkflowModule {}
