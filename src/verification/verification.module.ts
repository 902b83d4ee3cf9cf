import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AchievementsModule } from '../achievements/achievements.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { attachmentUploadOptions } from '../attachments/upload-limits';
import { APP_CONFIG } from '../config/app-config';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { VerificationController } from './verification.controller';
import { FormVerificationTeam } from './form-team.use-case';
import { VerificationFieldwork } from './verification-fieldwork.service';
import { VerificationRepository } from './verification.repository';
import { VerificationService } from './verification.service';

/** On-site verification: team, visit, findings and photos, overdue reminders. */
@Module({
  imports: [
    AchievementsModule,
    AttachmentsModule,
    EvaluationModule,
    NotificationsModule,
    SchedulingModule,
    WorkflowModule,
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: attachmentUploadOptions }),
  ],
  controllers: [VerificationController],
  providers: [
    VerificationRepository,
    FormVerificationTeam,
    VerificationFieldwork,
    VerificationService,
  ],
  exports: [VerificationService],
})
export class VerificationModule {}
