import { Module } from '@nestjs/common';
import { CollectionModule } from '../collection/collection.module';
import { ReleasesModule } from '../releases/releases.module';
import { SimulatedClockController } from './simulated-clock.controller';
import { SimulatedClockService } from './simulated-clock.service';

@Module({
  imports: [CollectionModule, ReleasesModule],
  controllers: [SimulatedClockController],
  providers: [SimulatedClockService],
})
export class SimulationModule {}
