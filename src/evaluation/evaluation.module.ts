import { Module } from '@nestjs/common';
import { AchievementsModule } from '../achievements/achievements.module';
import { ExpertsModule } from '../experts/experts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { SettingsModule } from '../settings/settings.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AssignmentTrackerService } from './assignment-tracker.service';
import { AssignmentsRepository } from './assignments.repository';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { EvaluationController } from './evaluation.controller';
import { DecideConflict } from './decide-conflict.use-case';
import { EvaluationRepository } from './evaluation.repository';
import { EvaluationService } from './evaluation.service';
import { ExpertReviewsRepository } from './expert-reviews.repository';
import { ExpertReviewsService } from './expert-reviews.service';
import { ExpertRecordsProvider } from './expert-records.provider';
import { PanelExpertsService } from './panel-experts.service';
import { PanelCandidatesService } from './panel-candidates.service';
import { PanelForming } from './panel-forming';
import { PanelRepository } from './panel.repository';
import { PassEligibilityBatch } from './pass-eligibility-batch.use-case';

/** Eligibility check, panel assignment from the expert pool, conflicts and deadlines. */
@Module({
  imports: [
    WorkflowModule,
    SchedulingModule,
    NotificationsModule,
    ReferenceModule,
    SettingsModule,
    AchievementsModule,
    ExpertsModule,
  ],
  controllers: [EvaluationController],
  providers: [
    EvaluationRepository,
    PanelRepository,
    EligibilityRepository,
    AssignmentsRepository,
    ExpertReviewsRepository,
    EvaluationSettingsService,
    ExpertRecordsProvider,
    PanelExpertsService,
    PanelCandidatesService,
    PanelForming,
    PassEligibilityBatch,
    DecideConflict,
    EligibilityService,
    AssignmentTrackerService,
    EvaluationService,
    ExpertReviewsService,
  ],
  // Verification teams follow the same conflict rules and office decisions as panels.
  exports: [
    EvaluationService,
    EligibilityService,
    PanelCandidatesService,
    PanelExpertsService,
    ExpertReviewsService,
    // The pool, re-exported for verification teams and the console.
    ExpertsModule,
  ],
})
export class EvaluationModule {}
