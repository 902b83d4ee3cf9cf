import { Module } from '@nestjs/common';
import { StatsSettingsService } from './stats-settings.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsController],
  providers: [StatsService, StatsSettingsService],
  exports: [StatsService, StatsSettingsService],
})
export class StatsModule {}
