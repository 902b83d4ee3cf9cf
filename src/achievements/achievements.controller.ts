import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../access/auth.decorators';
import { ApiErrors } from '../common/api-errors';
import { uuidParam } from '../common/uuid-param';
import type { AuthUser } from '../access/auth-user';
import type { AuditView } from '../workflow/audit.service';
import type { AchievementSummaryView, AchievementView } from './achievement.view';
import { AchievementsService, type TransitionView } from './achievements.service';
import { AchievementRecordDto } from './dto/achievement-record.dto';
import { ListAchievementsQuery } from './dto/list-achievements.query';
import { SendEventDto } from './dto/send-event.dto';
import { TransitionViewDto } from './dto/transition.view';
import { UpdateAchievementDto } from './dto/update-achievement.dto';

const uuid = uuidParam('成果', 'id', '4');

@ApiTags('achievements')
@ApiBearerAuth()
@Controller('api/achievements')
export class AchievementsController {
  constructor(private readonly achievements: AchievementsService) {}

  @Post()
  @ApiCreatedResponse({ type: TransitionViewDto, description: 'A new item in `draft`' })
  @ApiErrors({ 400: true, 403: 'Only submitters create items' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: AchievementRecordDto,
  ): Promise<TransitionView> {
    return this.achievements.create(user, body);
  }

  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListAchievementsQuery,
  ): Promise<{ items: AchievementSummaryView[]; nextCursor: string | null }> {
    return this.achievements.list(user, query);
  }

  @Get(':id')
  @ApiErrors({ 400: 'The id is not a UUID', 403: true, 404: true })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AchievementView> {
    return this.achievements.get(user, id);
  }

  @Patch(':id')
  @ApiErrors({
    400: true,
    403: 'Only a submitter of the owning unit edits',
    404: true,
    409: 'Only in `draft` or `returned`',
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateAchievementDto,
  ): Promise<AchievementView> {
    return this.achievements.update(user, id, body);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOkResponse({ type: TransitionViewDto, description: 'The event was accepted' })
  @ApiErrors({
    400: 'A bad payload (unknown type, missing reason, bad score sheet…)',
    403: true,
    404: true,
    409: 'Not accepted in this state (the body lists `allowedEvents`), or `expectedVersion` is not the current version (`currentVersion`)',
  })
  send(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: SendEventDto,
  ): Promise<TransitionView> {
    return this.achievements.sendEvent(user, id, body);
  }

  @Get(':id/history')
  @ApiErrors({ 403: true, 404: true })
  history(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AuditView[]> {
    return this.achievements.history(user, id);
  }
}
