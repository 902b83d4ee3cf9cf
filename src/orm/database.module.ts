import { Module, type DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { AppConfig } from '../config/app-config';
import { MigrationRunner } from './migration-runner.service';
import { buildOrmOptions } from './mikro-orm.config';
import { Transactions } from '../database/tx';

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      // Every feature's services open transactions through Transactions (src/database/tx.ts).
      global: true,
      imports: [
        MikroOrmModule.forRoot({
          ...buildOrmOptions({
            dataDir: config.dataDir,
            databaseUrl: config.databaseUrl,
            sqliteDriver: config.sqliteDriver,
          }),
          registerRequestContext: true,
        }),
      ],
      providers: [MigrationRunner, Transactions],
      exports: [Transactions],
    };
  }
}
