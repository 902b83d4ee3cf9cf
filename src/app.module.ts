import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AchievementsModule } from './achievements/achievements.module';
import { AuthModule } from './auth/auth.module';
import { CollectionModule } from './collection/collection.module';
import { Clock, SystemClock } from './common/clock';
import { loadConfig, type AppConfig } from './config/app-config';
import { CoreModule } from './config/core.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PublicModule } from './public/public.module';
import { ReferenceModule } from './reference/reference.module';
import { SettingsModule } from './settings/settings.module';
import { UsersModule } from './users/users.module';
import { WorkflowModule } from './workflow/workflow.module';

export interface AppOptions {
  config?: AppConfig;
  clock?: Clock;
}

@Module({})
export class AppModule {
  /** Tests and scripts pass their own config (a scratch database) and clock. */
  static forRoot(options: AppOptions = {}): DynamicModule {
    const config = options.config ?? loadConfig();
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, options.clock ?? new SystemClock()),
        DatabaseModule.forRoot(config),
        ThrottlerModule.forRoot([{ name: 'login', ttl: 60_000, limit: config.loginRateLimit }]),
        AuthModule,
        UsersModule,
        OrganizationsModule,
        ReferenceModule,
        SettingsModule,
        WorkflowModule,
        AchievementsModule,
        CollectionModule,
        HealthModule,
        PublicModule,
      ],
    };
  }
}
