import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { DocumentSettingsRepository } from './document-settings.repository';
import { DocumentSettingsService } from './document-settings.service';

@Module({
  controllers: [SettingsController],
  providers: [
    SettingsService,
    SettingsRepository,
    DocumentSettingsRepository,
    DocumentSettingsService,
  ],
  exports: [SettingsService, DocumentSettingsService],
})
export class SettingsModule {}
