import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../access/auth.decorators';
import { NotificationsService } from '../../notifications/notifications.service';
import { done, isHtmx, uuid } from '../shared/web-http';
import { html, sendHtml } from '../shared/layout';
import { InboxPageView, NotificationRow, consoleLink } from './views/inbox.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, type WebRequest } from '../shared/web-session';

/** The signed-in user's inbox: the list, following a notice's link, marking notices read. */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class InboxWebController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('inbox')
  async inbox(@Req() req: WebRequest): Promise<string> {
    const inbox = await this.notifications.list(req.user!.id, { limit: 100 });
    return html(InboxPageView({ user: req.user!, csrf: req.csrfToken!, inbox }));
  }

  /** Follows a notification's link and marks it read, so the count on 通知 goes down. */
  @Get('inbox/:id/open')
  async open(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid('通知')) id: string) {
    const n = await this.notifications.markRead(req.user!.id, id);
    res.redirect(303, consoleLink(n.link) ?? '/inbox');
  }

  @Post('inbox/read-all')
  async readAll(@Req() req: WebRequest, @Res() res: Response) {
    await this.notifications.markAllRead(req.user!.id);
    done(req, res, '/inbox');
  }

  @Post('inbox/:id/read')
  async read(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid('通知')) id: string) {
    const n = await this.notifications.markRead(req.user!.id, id);
    if (isHtmx(req)) sendHtml(res, 200, NotificationRow({ n }));
    else res.redirect(303, '/inbox');
  }
}
