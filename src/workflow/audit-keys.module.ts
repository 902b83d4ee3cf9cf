import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditKeyring } from './audit-keyring';

/**
 * The audit keyring, for every hash-chained store (the workflow trail, the security log). Global
 * and dependent on the configuration alone, so a store needs no feature module to seal its rows.
 */
@Global()
@Module({
  providers: [
    {
      provide: AuditKeyring,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new AuditKeyring(config),
    },
  ],
  exports: [AuditKeyring],
})
export class AuditKeysModule {}
