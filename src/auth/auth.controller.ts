import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  CurrentSessionId,
  CurrentUser,
  DuringAccountAction,
  Public,
} from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { ApiErrors } from '../common/api-errors';
import { AuthService, type LoginResult } from './auth.service';
import { AccessTokenDto } from './dto/access-token.view';
import { LoginDto } from './dto/login.dto';
import { loginClientOf } from './login-client';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiErrors({
    400: true,
    401: 'Wrong user name or password (the same answer for unknown names)',
    429: 'Too many failed attempts: wait Retry-After seconds (the same for every name)',
  })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResult> {
    return this.auth.login(body.username, body.password, loginClientOf(req));
  }

  @ApiBearerAuth()
  @DuringAccountAction()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session has ended; its token no longer works' })
  @ApiErrors({})
  async logout(
    @CurrentUser() user: AuthUser,
    @CurrentSessionId() sessionId: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.sessions.logout(user, sessionId, loginClientOf(req).ip);
  }

  @ApiBearerAuth()
  @DuringAccountAction()
  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
