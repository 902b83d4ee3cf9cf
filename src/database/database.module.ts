import { Module, type DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { AppConfig } from '../config/app-config';
import { MigrationRunner } from './migration-runner.service';
import { buildOrmOptions } from './mikro-orm.config';

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
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
      providers: [MigrationRunner],
    };
  }
}
