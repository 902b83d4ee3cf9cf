import { Module } from '@nestjs/common';
import { CycleRegistry } from './cycle-registry';
import { TimerService } from './timer.service';
import { TimersRepository } from './timers.repository';

@Module({
  providers: [TimerService, TimersRepository, CycleRegistry],
  exports: [TimerService, CycleRegistry],
})
export class SchedulingModule {}
