import { Module } from '@nestjs/common';
import { CollectionModule } from '../collection/collection.module';
import { StatsModule } from '../stats/stats.module';
import { SimulatedClockController } from './simulated-clock.controller';
import { SimulatedClockService } from './simulated-clock.service';

@Module({
  imports: [CollectionModule, StatsModule],
  controllers: [SimulatedClockController],
  providers: [SimulatedClockService],
})
export class SimulationModule {}
