import { Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors } from '../common/api-errors';
import { CurrentSessionId, CurrentUser } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { RevokedSessionsDto, SessionDto } from './dto/session.view';
import { loginClientOf } from './login-client';
import { SessionsService, type SessionView } from './sessions.service';

/** The caller's own sessions: list them, end one, or end all but this one. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOkResponse({ type: [SessionDto] })
  @ApiErrors({ 401: true })
  list(
    @CurrentUser() user: AuthUser,
    @CurrentSessionId() sessionId: string,
  ): Promise<SessionView[]> {
    return this.sessions.list(user.id, sessionId);
  }

  @Post('revoke-others')
  @HttpCode(200)
  @ApiOkResponse({ type: RevokedSessionsDto })
  @ApiErrors({ 401: true })
  async revokeOthers(
    @CurrentUser() user: AuthUser,
    @CurrentSessionId() sessionId: string,
    @Req() req: Request,
  ): Promise<{ revoked: number }> {
    return {
      revoked: await this.sessions.revokeOthers(user, sessionId, loginClientOf(req).ip),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session has ended' })
  @ApiErrors({ 401: true, 404: 'Not one of the caller’s open sessions' })
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.sessions.revoke(user, id, loginClientOf(req).ip);
  }
}
