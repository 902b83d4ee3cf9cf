import { Global, Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { SecurityLogController } from './security-log.controller';
import { SecurityLogRepository } from './security-log.repository';
import { SecurityLogService } from './security-log.service';

/**
 * Global because every feature that refuses, exports or changes an account writes to it, the way
 * every feature logs; it depends on the database, the clock and the audit keys, and joins the
 * audit verification and checkpoint (WorkflowModule). The audit administrator searches it through
 * the controller here and exports it through src/exports.
 */
@Global()
@Module({
  imports: [WorkflowModule],
  controllers: [SecurityLogController],
  providers: [SecurityLogService, SecurityLogRepository],
  exports: [SecurityLogService, SecurityLogRepository],
})
export class SecurityLogModule {}
