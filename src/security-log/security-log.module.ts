import { Global, Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { SecurityLogService } from './security-log.service';

/**
 * Global because every feature that refuses, exports or changes an account writes to it, the way
 * every feature logs; it depends on the database, the clock and the audit keys, and joins the
 * audit verification and checkpoint (WorkflowModule).
 */
@Global()
@Module({
  imports: [WorkflowModule],
  providers: [SecurityLogService],
  exports: [SecurityLogService],
})
export class SecurityLogModule {}
