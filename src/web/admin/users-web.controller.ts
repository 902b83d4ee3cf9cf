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
import { PasswordService } from '../../auth/password.service';
import { SecondFactorService } from '../../auth/second-factor.service';
import { clientIpOf } from '../../common/client-ip';
import { ConflictError, InvalidInputError, type FieldErrors } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { OrganizationsService } from '../../organizations/organizations.service';
import { CreateUserDto } from '../../users/dto/create-user.dto';
import { ListUsersQueryDto, UpdateUserDto } from '../../users/dto/user-admin.dto';
import { UserAdminService, type AccountActor } from '../../users/user-admin.service';
import { uuid } from '../shared/web-http';
import { AdminUsersPage, type NewUserForm, type UserFilters } from './views/admin-users.page';
import { sendHtml } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

function one(value: unknown, max = 200): string | undefined {
  const v = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function actor(req: WebRequest): AccountActor {
  return { user: req.user!, clientIp: clientIpOf(req) };
}

/**
 * 用户管理: the security administrator's page over the same service as /api/users. A bad new
 * account re-renders the form with a message per field; deactivation and role changes ask first
 * (data-confirm) and are written to the security log by the service.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('securityAdmin')
@Controller('admin/users')
export class UsersWebController {
  constructor(
    private readonly admin: UserAdminService,
    private readonly organizations: OrganizationsService,
    private readonly passwords: PasswordService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Get()
  async page(@Req() req: WebRequest, @Res() res: Response, @Query() raw: Record<string, unknown>) {
    const filters: UserFilters = {
      q: one(raw.q, 100),
      role: one(raw.role),
      active: one(raw.active),
    };
    let errors: FieldErrors = {};
    let query: ListUsersQueryDto = {};
    try {
      query = await validateAs(ListUsersQueryDto, filters);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      errors = err.errors;
    }
    await this.render(req, res, Object.keys(errors).length ? 400 : 200, {
      filters,
      query,
      form: {},
      errors,
      done: one(raw.done, 20),
    });
  }

  @Post()
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form: NewUserForm = {
      username: one(body.username, 64),
      displayName: one(body.displayName, 100),
      organizationId: one(body.organizationId, 64),
      email: one(body.email),
      roles: list(body.roles),
    };
    try {
      const dto = await validateAs(CreateUserDto, {
        ...form,
        password: typeof body.password === 'string' ? body.password : undefined,
        email: form.email,
      });
      await this.admin.create(actor(req), dto);
    } catch (err) {
      const errors =
        err instanceof InvalidInputError
          ? err.errors
          : err instanceof ConflictError
            ? { username: [err.message] }
            : null;
      if (!errors) throw err;
      await this.render(req, res, err instanceof ConflictError ? 409 : 400, {
        filters: {},
        query: {},
        form,
        errors,
      });
      return;
    }
    res.redirect(303, '/admin/users?done=created');
  }

  @Post(':id/deactivate')
  async deactivate(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('用户')) id: string,
  ) {
    await this.admin.deactivate(actor(req), id);
    res.redirect(303, '/admin/users?done=deactivated');
  }

  @Post(':id/reactivate')
  async reactivate(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('用户')) id: string,
  ) {
    await this.admin.reactivate(actor(req), id);
    res.redirect(303, '/admin/users?done=reactivated');
  }

  /**
   * The one-time password is shown on this answer and nowhere else (not in a redirect's URL, not
   * stored): the security administrator passes it on; the user must change it at the next login.
   */
  @Post(':id/password-reset')
  async resetPassword(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('用户')) id: string,
  ) {
    const { temporaryPassword } = await this.passwords.reset(req.user!, id, clientIpOf(req));
    const username = (await this.admin.get(id)).username;
    await this.render(req, res, 200, {
      filters: {},
      query: {},
      form: {},
      errors: {},
      reset: { username, temporaryPassword },
    });
  }

  @Post(':id/second-factor-reset')
  async resetSecondFactor(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('用户')) id: string,
  ) {
    await this.secondFactor.resetFor(req.user!, id, clientIpOf(req));
    res.redirect(303, '/admin/users?done=secondFactorReset');
  }

  @Post(':id/roles')
  async roles(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid('用户')) id: string) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const dto = await validateAs(UpdateUserDto, { roles: list(body.roles) });
    await this.admin.update(actor(req), id, dto);
    res.redirect(303, '/admin/users?done=roles');
  }

  private async render(
    req: WebRequest,
    res: Response,
    status: number,
    page: {
      filters: UserFilters;
      query: ListUsersQueryDto;
      form: NewUserForm;
      errors: FieldErrors;
      done?: string;
      reset?: { username: string; temporaryPassword: string };
    },
  ): Promise<void> {
    const [users, organizations] = await Promise.all([
      status === 200 || Object.keys(page.form).length ? this.admin.list(page.query) : [],
      this.organizations.list(),
    ]);
    sendHtml(
      res,
      status,
      AdminUsersPage({
        user: req.user!,
        csrf: req.csrfToken!,
        filters: page.filters,
        users,
        organizations,
        form: page.form,
        errors: page.errors,
        done: page.done,
        reset: page.reset,
      }),
    );
  }
}
