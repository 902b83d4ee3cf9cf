import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';
import { DocumentSettingsRepository } from './document-settings.repository';
import { DocumentSettingsService } from './document-settings.service';

@Module({
  controllers: [SettingsController],
  providers: [SettingsService, DocumentSettingsRepository, DocumentSettingsService],
  exports: [SettingsService, DocumentSettingsService],
})
export class SettingsModule {}
