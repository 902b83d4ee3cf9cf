import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { uuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { ClientIp } from '../common/client-ip';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { PasswordService } from './password.service';
import { SecondFactorReset } from './second-factor-reset.service';

/**
 * The security administrator's resets of someone's password or second factor. They live with the
 * other credential routes (they end the user's sessions), under the users' path where an
 * administrator looks for them.
 */
@ApiTags('users')
@ApiBearerAuth()
@Roles('securityAdmin')
@Controller('api/users')
export class PasswordResetController {
  constructor(
    private readonly passwords: PasswordService,
    private readonly secondFactor: SecondFactorReset,
  ) {}

  /** A one-time password, shown to the security administrator once; the user must replace it at the next login. */
  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiErrors({ 403: true, 404: 'No such user' })
  resetPassword(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuidParam('用户')) id: string,
    @ClientIp() ip: string | null,
  ): Promise<{ temporaryPassword: string }> {
    return this.passwords.reset(admin, id, ip);
  }

  /**
   * For a user who lost their phone: the secret and recovery codes go, the sessions end, and the
   * next login asks for a new enrolment where the role requires one.
   */
  @Post(':id/second-factor-reset')
  @HttpCode(204)
  @ApiErrors({ 403: true, 404: 'No such user' })
  async resetSecondFactor(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuidParam('用户')) id: string,
    @ClientIp() ip: string | null,
  ): Promise<void> {
    await this.secondFactor.resetFor(admin, id, ip);
  }
}
