import { Module } from '@nestjs/common';
import { AchievementsModule } from '../achievements/achievements.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { LibraryController } from './library.controller';
import { LibraryService } from './library.service';

/** The provincial library: entries, tracking evaluations, flags and progress updates. */
@Module({
  imports: [AchievementsModule, WorkflowModule],
  controllers: [LibraryController],
  providers: [LibraryService],
  exports: [LibraryService],
})
export class LibraryModule {}
