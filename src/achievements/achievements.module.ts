import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReferenceModule } from '../reference/reference.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AchievementWorkflowController } from './achievement-workflow.controller';
import { AchievementsController } from './achievements.controller';
import { AchievementsService } from './achievements.service';

@Module({
  // The features that add data to events (collection, evaluation, verification) import this
  // module and register their providers with AchievementsService, not the other way round.
  imports: [WorkflowModule, ReferenceModule, OrganizationsModule],
  controllers: [AchievementsController, AchievementWorkflowController],
  providers: [AchievementsService],
  exports: [AchievementsService],
})
export class AchievementsModule {}
