import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { WorkflowRunner } from './workflow-runner.service';

@Module({
  controllers: [AuditController],
  providers: [WorkflowRunner, AuditService],
  exports: [WorkflowRunner, AuditService],
})
export class WorkflowModule {}
