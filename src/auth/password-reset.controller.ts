import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { ClientIp } from '../common/client-ip';
import { CurrentUser, Roles } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { PasswordService } from './password.service';

/**
 * An administrator's reset of someone's password. It lives with the other credential routes (it
 * ends the user's sessions), under the users' path where an administrator looks for it.
 */
@ApiTags('users')
@ApiBearerAuth()
@Roles('securityAdmin')
@Controller('api/users')
export class PasswordResetController {
  constructor(private readonly passwords: PasswordService) {}

  /** A one-time password, shown to the security administrator once; the user must replace it at the next login. */
  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiErrors({ 403: true, 404: 'No such user' })
  resetPassword(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string | null,
  ): Promise<{ temporaryPassword: string }> {
    return this.passwords.reset(admin, id, ip);
  }
}
