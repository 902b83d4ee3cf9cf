import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { InvalidInputError } from '../common/domain-errors';
import type { AuthUser } from '../auth/auth-user';
import type { AuditView } from '../workflow/audit.service';
import type { AchievementSummaryView, AchievementView } from './achievement.view';
import { AchievementsService, type TransitionView } from './achievements.service';
import { AchievementRecordDto } from './dto/achievement-record.dto';
import { ListAchievementsQuery } from './dto/list-achievements.query';
import { SendEventDto } from './dto/send-event.dto';
import { UpdateAchievementDto } from './dto/update-achievement.dto';

const uuid = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => InvalidInputError.field('id', '不是有效的成果 ID'),
});

@ApiTags('achievements')
@ApiBearerAuth()
@Controller('api/achievements')
export class AchievementsController {
  constructor(private readonly achievements: AchievementsService) {}

  @Post()
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
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AchievementView> {
    return this.achievements.get(user, id);
  }

  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateAchievementDto,
  ): Promise<AchievementView> {
    return this.achievements.update(user, id, body);
  }

  @Post(':id/events')
  @HttpCode(200)
  send(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: SendEventDto,
  ): Promise<TransitionView> {
    return this.achievements.sendEvent(user, id, body);
  }

  @Get(':id/history')
  history(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AuditView[]> {
    return this.achievements.history(user, id);
  }
}
