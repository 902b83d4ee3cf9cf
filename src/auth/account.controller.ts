import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/api-errors';
import { ClientIp } from '../common/client-ip';
import { PasswordService } from './password.service';
import {
  CurrentUser,
  DuringAccountAction,
  DuringPasswordChange,
  Public,
} from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  ReenrolmentConfirmDto,
  SecondFactorCodeDto,
  SecondFactorLoginDto,
} from './dto/account.dto';
import { AccessTokenDto } from './dto/access-token.view';
import { loginClientOf } from './login-client';
import { SecondFactorLogin } from './second-factor-login.service';
import { SecondFactorService, type SecondFactorStatus } from './second-factor.service';

/** One's own account: the password and the second factor, and the login's second step. */
@ApiTags('auth')
@Controller('api/auth')
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
    private readonly secondFactor: SecondFactorService,
    private readonly secondFactorLogin: SecondFactorLogin,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login/second-factor')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiErrors({ 400: true, 401: 'Wrong code, or the challenge expired or took 5 wrong codes' })
  async loginSecondFactor(
    @Body() body: SecondFactorLoginDto,
    @Req() req: Request,
  ): Promise<{ accessToken: string }> {
    const client = loginClientOf(req);
    const userId = await this.secondFactorLogin.complete(body.challenge, body.code, client.ip);
    return this.auth.startSessionAfterSecondFactor(userId, client);
  }

  @ApiBearerAuth()
  @DuringPasswordChange()
  @Post('password')
  @HttpCode(204)
  @ApiErrors({ 400: 'Wrong current password, or the new one breaks the policy (per field)' })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @ClientIp() ip: string | null,
  ): Promise<void> {
    await this.passwords.change(user.id, body.currentPassword, body.newPassword, ip);
  }

  @ApiBearerAuth()
  @DuringAccountAction('enrolSecondFactor')
  @Get('second-factor')
  secondFactorStatus(@CurrentUser() user: AuthUser): Promise<SecondFactorStatus> {
    return this.secondFactor.status(user);
  }

  @ApiBearerAuth()
  @DuringAccountAction('enrolSecondFactor')
  @Post('second-factor/enrolment')
  @HttpCode(200)
  @ApiErrors({ 409: 'A second factor is already enabled' })
  startEnrolment(@CurrentUser() user: AuthUser): Promise<{ secret: string; uri: string }> {
    return this.secondFactor.startEnrolment(user);
  }

  @ApiBearerAuth()
  @DuringAccountAction('enrolSecondFactor')
  @Post('second-factor/enrolment/confirm')
  @HttpCode(200)
  @ApiErrors({ 400: 'Wrong code', 409: 'No enrolment started, or already enabled' })
  confirmEnrolment(
    @CurrentUser() user: AuthUser,
    @Body() body: SecondFactorCodeDto,
    @ClientIp() ip: string | null,
  ): Promise<{ recoveryCodes: string[] }> {
    return this.secondFactor.confirmEnrolment(user, body.code, ip);
  }

  /** A new authenticator (a new phone); the old one works until the new one's first code. */
  @ApiBearerAuth()
  @Post('second-factor/reenrolment')
  @HttpCode(200)
  @ApiErrors({ 409: 'No second factor enabled yet' })
  startReenrolment(
    @CurrentUser() user: AuthUser,
  ): Promise<{ secret: string; uri: string; pending: string }> {
    return this.secondFactor.startReenrolment(user);
  }

  @ApiBearerAuth()
  @Post('second-factor/reenrolment/confirm')
  @HttpCode(200)
  @ApiErrors({
    400: 'Wrong code, or the pending enrolment is not this user’s or too old',
    409: true,
  })
  confirmReenrolment(
    @CurrentUser() user: AuthUser,
    @Body() body: ReenrolmentConfirmDto,
    @ClientIp() ip: string | null,
  ): Promise<{ recoveryCodes: string[] }> {
    return this.secondFactor.confirmReenrolment(user, body.pending, body.code, ip);
  }

  /** Only where the user's role does not require a second factor, with a current code. */
  @ApiBearerAuth()
  @Post('second-factor/disable')
  @HttpCode(204)
  @ApiErrors({ 400: 'Wrong code', 409: 'Required for the role, or not enabled' })
  async disableSecondFactor(
    @CurrentUser() user: AuthUser,
    @Body() body: SecondFactorCodeDto,
    @ClientIp() ip: string | null,
  ): Promise<void> {
    await this.secondFactor.disable(user, body.code, ip);
  }
}
