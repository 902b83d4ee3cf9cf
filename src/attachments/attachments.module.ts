import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AchievementsModule } from '../achievements/achievements.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WorkflowModule } from '../workflow/workflow.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { FileStore } from './file-store';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

@Module({
  imports: [
    AchievementsModule,
    WorkflowModule,
    // Memory storage: the file is checked (size, type by content, hash) before anything is written,
    // and the configured limit (at most 100 MB) bounds what one request can hold.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: {
          fileSize: config.attachmentMaxBytes,
          files: 1,
          fields: 5,
          fieldSize: 1024,
          parts: 8,
        },
        // Browsers send UTF-8 file names; multer's default would read them as Latin-1.
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, FileStore, UploadErrorsInterceptor],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
