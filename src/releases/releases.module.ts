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
import { ReleasesRepository } from './releases.repository';
import { ProposalRepository } from './proposal.repository';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import { EditionDrafting } from './edition-drafting.service';
import { EditionCuration } from './edition-curation.service';
import { EditionReview } from './edition-review.service';
import { EditionDocuments } from './edition-documents.service';
import { IssueEdition } from './issue-edition.use-case';
import { CorrectEdition } from './correct-edition.use-case';

@Module({
  imports: [WorkflowModule, SchedulingModule, NotificationsModule, SettingsModule],
  controllers: [ReleasesController, ReleaseVotingController, PublicEditionsController],
  providers: [
    ReleasesRepository,
    ProposalRepository,
    EditionEditor,
    EditionQueries,
    EditionDrafting,
    EditionCuration,
    EditionReview,
    EditionDocuments,
    IssueEdition,
    CorrectEdition,
    ReleasesService,
    ReleaseVotingService,
    ReleaseCycleService,
    ReleaseCycleJob,
  ],
  exports: [ReleasesService, ReleaseVotingService, ReleaseCycleService],
})
export class ReleasesModule {}
