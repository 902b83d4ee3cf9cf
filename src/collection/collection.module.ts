import { Module } from '@nestjs/common';
import { AchievementsModule } from '../achievements/achievements.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { CollectionCycleJob } from './collection-cycle.job';
import { CollectionCycleService } from './collection-cycle.service';
import { CollectionController } from './collection.controller';
import { CollectionPeriodsRepository } from './collection-periods.repository';
import { CollectionStatusRepository } from './collection-status.repository';
import { CollectionStatusService } from './collection-status.service';
import { CollectionService } from './collection.service';

@Module({
  imports: [WorkflowModule, SchedulingModule, NotificationsModule, AchievementsModule],
  controllers: [CollectionController],
  providers: [
    CollectionService,
    CollectionCycleService,
    CollectionCycleJob,
    CollectionStatusRepository,
    CollectionPeriodsRepository,
    CollectionStatusService,
  ],
  exports: [CollectionService, CollectionCycleService],
})
export class CollectionModule {}
