import { Global, Module } from '@nestjs/common';
import { SecurityLogController } from './security-log.controller';
import { SecurityLogRepository } from './security-log.repository';
import { SecurityLogService } from './security-log.service';

/**
 * Global because every feature that refuses, exports or changes an account writes to it, the way
 * every feature logs; it depends on nothing but the database and the clock. The audit
 * administrator searches it through the controller here and exports it through src/exports.
 */
@Global()
@Module({
  controllers: [SecurityLogController],
  providers: [SecurityLogService, SecurityLogRepository],
  exports: [SecurityLogService, SecurityLogRepository],
})
export class SecurityLogModule {}
