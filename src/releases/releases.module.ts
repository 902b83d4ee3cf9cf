import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { SettingsModule } from '../settings/settings.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { PublicEditionsController } from './public-editions.controller';
import { ReleaseCycleJob } from './release-cycle.job';
import { ReleaseCycleService } from './release-cycle.service';
import { ReleaseVotingController } from './release-voting.controller';
import { ReleaseVotingService } from './release-voting.service';
import { ReleasesController } from './releases.controller';
import { ReleasesService } from './releases.service';

@Module({
  imports: [WorkflowModule, SchedulingModule, NotificationsModule, SettingsModule],
  controllers: [ReleasesController, ReleaseVotingController, PublicEditionsController],
  providers: [ReleasesService, ReleaseVotingService, ReleaseCycleService, ReleaseCycleJob],
  exports: [ReleasesService, ReleaseVotingService, ReleaseCycleService],
})
export class ReleasesModule {}
