import { Module } from '@nestjs/common';
import { CollectionModule } from '../collection/collection.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReferenceModule } from '../reference/reference.module';
import { SettingsModule } from '../settings/settings.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AchievementWorkflowController } from './achievement-workflow.controller';
import { AchievementsController } from './achievements.controller';
import { AchievementsService } from './achievements.service';

@Module({
  imports: [
    WorkflowModule,
    ReferenceModule,
    SettingsModule,
    OrganizationsModule,
    CollectionModule,
    EvaluationModule,
  ],
  controllers: [AchievementsController, AchievementWorkflowController],
  providers: [AchievementsService],
  exports: [AchievementsService],
})
export class AchievementsModule {}
