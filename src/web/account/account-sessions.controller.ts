import {
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../access/auth.decorators';
import { loginClientOf } from '../../auth/login-client';
import { SessionsService } from '../../auth/sessions.service';
import { html } from '../shared/layout';
import { SessionsPage } from './views/sessions.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, type WebRequest } from '../shared/web-session';

const NOTICES: Record<string, string> = {
  revoked: '已结束该会话。',
  others: '已结束其他全部会话。',
};

/** A signed-in user's own sessions: see them, end one, end all the others. */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class AccountSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('account/sessions')
  async page(@Req() req: WebRequest, @Query('done') done?: string): Promise<string> {
    const sessions = await this.sessions.list(req.user!.id, req.sessionId ?? null);
    return html(
      SessionsPage({
        user: req.user!,
        csrf: req.csrfToken!,
        sessions,
        notice: typeof done === 'string' ? NOTICES[done] : undefined,
      }),
    );
  }

  @Post('account/sessions/revoke-others')
  async revokeOthers(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    await this.sessions.revokeOthers(req.user!, req.sessionId!, loginClientOf(req).ip);
    res.redirect(303, '/account/sessions?done=others');
  }

  @Post('account/sessions/:id/revoke')
  async revoke(@Req() req: WebRequest, @Res() res: Response, @Param('id') id: string) {
    await this.sessions.revoke(req.user!, id, loginClientOf(req).ip);
    res.redirect(303, '/account/sessions?done=revoked');
  }
}
