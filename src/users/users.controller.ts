import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { uuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { ApiErrors } from '../common/api-errors';
import { clientIpOf } from '../common/client-ip';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto, UpdateUserDto } from './dto/user-admin.dto';
import { UserAdminService, type AccountActor } from './user-admin.service';
import type { UserView } from './users.service';

const userId = uuidParam('用户');

function actor(user: AuthUser, req: Request): AccountActor {
  return { user, clientIp: clientIpOf(req) };
}

/** Accounts are the security administrator's (安全管理员), and theirs alone. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('securityAdmin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly admin: UserAdminService) {}

  @Post()
  @ApiErrors({ 400: true, 403: true, 409: 'The user name is taken (in any case)' })
  create(
    @Body() body: CreateUserDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ): Promise<UserView> {
    return this.admin.create(actor(user, req), body);
  }

  @Get()
  @ApiErrors({ 400: true, 403: true })
  list(@Query() query: ListUsersQueryDto): Promise<UserView[]> {
    return this.admin.list(query);
  }

  @Get(':id')
  @ApiErrors({ 400: true, 403: true, 404: true })
  get(@Param('id', userId) id: string): Promise<UserView> {
    return this.admin.get(id);
  }

  /** Roles, organisation, name, e-mail; a change of roles or organisation is logged. */
  @Patch(':id')
  @ApiErrors({ 400: true, 403: true, 404: true })
  update(
    @Param('id', userId) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ): Promise<UserView> {
    return this.admin.update(actor(user, req), id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiErrors({ 400: true, 403: true, 404: true, 409: 'One cannot deactivate oneself' })
  deactivate(
    @Param('id', userId) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ): Promise<UserView> {
    return this.admin.deactivate(actor(user, req), id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiErrors({ 400: true, 403: true, 404: true })
  reactivate(
    @Param('id', userId) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ): Promise<UserView> {
    return this.admin.reactivate(actor(user, req), id);
  }
}
