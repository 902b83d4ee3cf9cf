import { Module } from '@nestjs/common';
import { CreditService } from '../experts/credit.service';
import { ExpertPoolService } from '../experts/expert-pool.service';
import { PanelExpertsService } from './panel-experts.service';
import { ExpertsController } from '../experts/experts.controller';
import { ExpertsService } from '../experts/experts.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { SettingsModule } from '../settings/settings.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AssignmentTrackerService } from './assignment-tracker.service';
import { EligibilityService } from './eligibility.service';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { EvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';
import { ExpertReviewsRepository } from './expert-reviews.repository';
import { ExpertReviewsService } from './expert-reviews.service';
import { PanelCandidatesService } from './panel-candidates.service';

/** Eligibility check, the expert pool, panel assignment, conflicts, deadlines and credit. */
@Module({
  imports: [WorkflowModule, SchedulingModule, NotificationsModule, ReferenceModule, SettingsModule],
  controllers: [EvaluationController, ExpertsController],
  providers: [
    EvaluationSettingsService,
    ExpertPoolService,
    PanelExpertsService,
    CreditService,
    ExpertsService,
    PanelCandidatesService,
    EligibilityService,
    AssignmentTrackerService,
    EvaluationService,
    ExpertReviewsService,
    ExpertReviewsRepository,
  ],
  // Verification teams follow the same conflict rules and office decisions as panels.
  exports: [
    EvaluationService,
    EligibilityService,
    PanelCandidatesService,
    ExpertPoolService,
    PanelExpertsService,
    ExpertReviewsService,
  ],
})
export class EvaluationModule {}
