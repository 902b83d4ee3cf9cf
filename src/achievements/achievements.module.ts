import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReferenceModule } from '../reference/reference.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AchievementEventPayloads } from './achievement-event-payloads';
import { AchievementWorkflowController } from './achievement-workflow.controller';
import { AchievementsController } from './achievements.controller';
import { AchievementsRepository } from './achievements.repository';
import { AchievementsService } from './achievements.service';
import { ScoreSheetPayloads } from './score-sheet-payloads';

@Module({
  // The features that add data to events (collection, evaluation, verification) import this
  // module and register their providers with AchievementsService, not the other way round.
  imports: [WorkflowModule, ReferenceModule, OrganizationsModule],
  controllers: [AchievementsController, AchievementWorkflowController],
  providers: [
    AchievementsRepository,
    AchievementEventPayloads,
    ScoreSheetPayloads,
    AchievementsService,
  ],
  exports: [AchievementsService],
})
export class AchievementsModule {}
