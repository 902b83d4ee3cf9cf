import { Module } from '@nestjs/common';
import { CycleRegistry } from './cycle-registry';
import { TimerService } from './timer.service';

@Module({ providers: [TimerService, CycleRegistry], exports: [TimerService, CycleRegistry] })
export class SchedulingModule {}
