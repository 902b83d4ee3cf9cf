import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { uuidParam } from '../common/uuid-param';
import {
  LibraryFlagsDto,
  LibraryQuery,
  ProgressDecisionDto,
  ProgressDto,
  TrackingEvaluationDto,
} from './dto/library.dto';
import { LibraryProgressService } from './library-progress.service';
import { LibraryTrackingService } from './library-tracking.service';
import { LibraryService } from './library.service';
import type { LibraryDetailView, LibraryItemView, ProgressView } from './library-views';

const achievementId = uuidParam('成果');
const progressId = uuidParam('进展', 'progressId');

/** Reading follows the item's visibility (see LibraryService); experts have no library view. */
@ApiTags('library')
@ApiBearerAuth()
@Controller('api/library')
export class LibraryController {
  constructor(
    private readonly library: LibraryService,
    private readonly tracking: LibraryTrackingService,
    private readonly progress: LibraryProgressService,
  ) {}

  @Roles('officeStaff', 'admin', 'recommender', 'submitter')
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: LibraryQuery,
  ): Promise<{ items: LibraryItemView[]; nextCursor: string | null }> {
    return this.library.list(user, query);
  }

  @Roles('officeStaff', 'admin', 'recommender', 'submitter')
  @Get(':id')
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
  ): Promise<LibraryDetailView> {
    return this.library.get(user, id);
  }

  @Roles('officeStaff')
  @Post(':id/evaluations')
  recordEvaluation(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Body() body: TrackingEvaluationDto,
  ): Promise<LibraryDetailView> {
    return this.tracking.recordEvaluation(user, id, body);
  }

  @Roles('officeStaff')
  @Put(':id/flags')
  setFlags(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Body() body: LibraryFlagsDto,
  ): Promise<LibraryDetailView> {
    return this.tracking.setFlags(user, id, body);
  }

  @Roles('submitter')
  @Post(':id/progress')
  submitProgress(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Body() body: ProgressDto,
  ): Promise<ProgressView> {
    return this.progress.submitProgress(user, id, body);
  }

  @Roles('officeStaff')
  @Post(':id/progress/:progressId/decision')
  decideProgress(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Param('progressId', progressId) progress: string,
    @Body() body: ProgressDecisionDto,
  ): Promise<ProgressView> {
    return this.progress.decideProgress(user, id, progress, body);
  }
}
