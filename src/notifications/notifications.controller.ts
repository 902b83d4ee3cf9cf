import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { uuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { InboxPageDto, MarkAllReadDto, NotificationViewDto } from './dto/notification.view';
import {
  NotificationsService,
  type InboxPage,
  type NotificationView,
} from './notifications.service';

const uuid = uuidParam('通知');

/** The caller's own inbox; every signed-in user has one and sees only it. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: InboxPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery): Promise<InboxPage> {
    return this.notifications.list(user.id, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkAllReadDto })
  readAll(@CurrentUser() user: AuthUser): Promise<{ updated: number }> {
    return this.notifications.markAllRead(user.id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationViewDto })
  read(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<NotificationView> {
    return this.notifications.markRead(user.id, id);
  }
}
