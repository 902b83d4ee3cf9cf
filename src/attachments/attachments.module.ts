import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { attachmentUploadOptions } from './upload-limits';
import { AchievementsModule } from '../achievements/achievements.module';
import { APP_CONFIG } from '../config/app-config';
import { WorkflowModule } from '../workflow/workflow.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { FileStore } from './file-store';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

@Module({
  imports: [
    AchievementsModule,
    WorkflowModule,
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: attachmentUploadOptions }),
  ],
  controllers: [AttachmentsController],
  providers: [AttachmentsRepository, AttachmentsService, FileStore, UploadErrorsInterceptor],
  exports: [AttachmentsService, FileStore, UploadErrorsInterceptor],
})
export class AttachmentsModule {}
