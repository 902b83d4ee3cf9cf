import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';
import { SecurityLogExportController } from './security-log-export.controller';

@Module({
  imports: [StatsModule],
  controllers: [ExportsController, SecurityLogExportController],
  providers: [ExportsService, ExportsRepository],
  exports: [ExportsService],
})
export class ExportsModule {}
