import { Module } from '@nestjs/common';
import { AchievementsModule } from '../achievements/achievements.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { LibraryController } from './library.controller';
import { LibraryEntryService } from './library-entry.service';
import { LibraryProgressService } from './library-progress.service';
import { LibraryTrackingService } from './library-tracking.service';
import { LibraryRepository } from './library.repository';
import { LibraryService } from './library.service';

/** The provincial library: entries, tracking evaluations, flags and progress updates. */
@Module({
  imports: [AchievementsModule, WorkflowModule],
  controllers: [LibraryController],
  providers: [
    LibraryRepository,
    LibraryService,
    LibraryEntryService,
    LibraryTrackingService,
    LibraryProgressService,
  ],
  exports: [LibraryService, LibraryEntryService, LibraryTrackingService, LibraryProgressService],
})
export class LibraryModule {}
