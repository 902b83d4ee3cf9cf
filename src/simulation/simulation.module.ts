import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { SimulatedClockController } from './simulated-clock.controller';
import { SimulatedClockService } from './simulated-clock.service';

@Module({
  imports: [SchedulingModule],
  controllers: [SimulatedClockController],
  providers: [SimulatedClockService],
})
export class SimulationModule {}
