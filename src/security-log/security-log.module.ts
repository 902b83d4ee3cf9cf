import { Global, Module } from '@nestjs/common';
import { SecurityLogService } from './security-log.service';

/**
 * Global because every feature that refuses, exports or changes an account writes to it, the way
 * every feature logs; it depends on nothing but the database and the clock.
 */
@Global()
@Module({
  providers: [SecurityLogService],
  exports: [SecurityLogService],
})
export class SecurityLogModule {}
