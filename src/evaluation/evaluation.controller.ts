import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { uuidParam } from '../common/uuid-param';
import { BatchPassDto, ConflictDecisionDto, ReasonDto } from './dto/evaluation-actions.dto';
import { EvaluationSettingsDto } from './dto/evaluation-settings.dto';
import { TopJournalDto, UpdateTopJournalDto } from './dto/top-journal.dto';
import { EligibilityService } from './eligibility.service';
import type { EvaluationSettings } from './evaluation-settings';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { EvaluationService } from './evaluation.service';
import { ExpertReviewsService } from './expert-reviews.service';

const uuid = uuidParam();

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/evaluation')
export class EvaluationController {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly eligibility: EligibilityService,
    private readonly settings: EvaluationSettingsService,
    private readonly reviews: ExpertReviewsService,
  ) {}

  @Roles('officeStaff', 'admin')
  @Get('settings')
  getSettings(): Promise<EvaluationSettings> {
    return this.settings.get();
  }

  @Roles('admin')
  @Put('settings')
  setSettings(
    @CurrentUser() user: AuthUser,
    @Body() body: EvaluationSettingsDto,
  ): Promise<EvaluationSettings> {
    return this.settings.set(body, user.id);
  }

  @Roles('officeStaff', 'admin')
  @Get('items/:id/eligibility')
  checklist(@Param('id', uuid) id: string) {
    return this.eligibility.checklist(id);
  }

  @Roles('officeStaff')
  @Post('eligibility/pass')
  @HttpCode(200)
  passBatch(@CurrentUser() user: AuthUser, @Body() body: BatchPassDto) {
    return this.evaluation.passBatch(user, body.ids, body.comment?.trim() || undefined);
  }

  /** The signed-in expert's own open seats with their deadlines (never anyone else's). */
  @Roles('expert')
  @Get('my-assignments')
  myAssignments(@CurrentUser() user: AuthUser) {
    return this.evaluation.myAssignments(user);
  }

  /**
   * The items the signed-in expert scored or was seated on (「已评」), each with their own weighted
   * score, the outcome once scoring closed and the history of their own seats. Never another
   * expert's name or sheet.
   */
  @Roles('expert')
  @Get('my-reviews')
  myReviews(@CurrentUser() user: AuthUser) {
    return this.reviews.myReviews(user);
  }

  /** The draft of the expert's sheet on an item: saved as they type, seen by nobody else. */
  @Roles('expert')
  @Get('items/:id/draft')
  async draft(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string) {
    return { draft: await this.reviews.draft(user, id) };
  }

  @Roles('expert')
  @Put('items/:id/draft')
  async saveDraft(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return { draft: await this.reviews.saveDraft(user, id, body) };
  }

  @Roles('officeStaff', 'admin')
  @Get('items/:id/panel')
  panel(@Param('id', uuid) id: string) {
    return this.evaluation.panel(id);
  }

  @Roles('officeStaff')
  @Post('items/:id/panel/fill')
  @HttpCode(200)
  async fill(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: ReasonDto,
  ) {
    const result = await this.evaluation.fillPanel(user, id, body.reason.trim());
    return { id, state: result.state, version: result.version };
  }

  @Roles('officeStaff', 'admin')
  @Get('items/:id/conflicts')
  conflicts(@Param('id', uuid) id: string) {
    return this.evaluation.conflicts(id);
  }

  @Roles('officeStaff')
  @Post('items/:id/conflicts/:expertId')
  @HttpCode(200)
  async decideConflict(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('expertId', uuid) expertId: string,
    @Body() body: ConflictDecisionDto,
  ) {
    const result = await this.evaluation.decideConflict(
      user,
      id,
      expertId,
      body.decision,
      body.reason.trim(),
    );
    return { id, state: result.state, version: result.version };
  }

  @Get('top-journals')
  journals() {
    return this.eligibility.listJournals();
  }

  @Roles('admin')
  @Post('top-journals')
  addJournal(@Body() body: TopJournalDto) {
    return this.eligibility.addJournal(body);
  }

  @Roles('admin')
  @Patch('top-journals/:id')
  updateJournal(@Param('id', uuid) id: string, @Body() body: UpdateTopJournalDto) {
    return this.eligibility.updateJournal(id, body);
  }
}
