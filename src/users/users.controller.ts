import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors } from '../common/api-errors';
import { ClientIp } from '../common/client-ip';
import { PasswordService } from './password.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UsersService, type UserView } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
  ) {}

  @Post()
  @ApiErrors({ 400: true, 403: true, 409: 'The user name is taken' })
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  /** A one-time password, shown to the admin once; the user must replace it at the next login. */
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

  @Get()
  list(): Promise<UserView[]> {
    return this.users.list();
  }
}
