import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { CurrentUser, DuringAccountAction, Public } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { ApiErrors } from '../common/api-errors';
import { AuthService, type LoginResult } from './auth.service';
import { AccessTokenDto } from './dto/access-token.view';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  // Only login is rate-limited: it is the one route where guessing pays.
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiErrors({ 400: true, 401: 'Wrong user name or password, or the account is locked' })
  login(@Body() body: LoginDto): Promise<LoginResult> {
    return this.auth.login(body.username, body.password);
  }

  @ApiBearerAuth()
  @DuringAccountAction()
  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
