import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { SessionRevoker } from './session-revoker';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { SecurityLogService } from '../security-log/security-log.service';
import { separationOfDutiesProblem } from './admin-roles';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQueryDto, UpdateUserDto } from './dto/user-admin.dto';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';
import { toView, UsersService, type UserView } from './users.service';

/** Who acts and from where, for the security log. */
export interface AccountActor {
  user: AuthUser;
  clientIp: string | null;
}

/**
 * The security administrator's work on accounts: create, find, deactivate and reactivate, change
 * roles and organisation. Every change is written to the security log; a deactivation or a change
 * of roles also ends the account's sessions. Nobody changes their own roles or deactivates
 * themselves, so the last security administrator cannot lock everyone out.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UsersService,
    private readonly repository: UsersRepository,
    private readonly securityLog: SecurityLogService,
    private readonly sessions: SessionRevoker,
  ) {}

  async list(query: ListUsersQueryDto): Promise<UserView[]> {
    const users = await this.repository.search({
      q: query.q,
      role: query.role,
      active: query.active === undefined ? undefined : query.active === 'true',
      organizationId: query.organizationId,
    });
    return users.map(toView);
  }

  async get(id: string): Promise<UserView> {
    return toView(await this.find(id));
  }

  async create(actor: AccountActor, dto: CreateUserDto): Promise<UserView> {
    const created = await this.users.create(dto);
    await this.securityLog.record({
      kind: 'userCreated',
      actorId: actor.user.id,
      username: created.username,
      clientIp: actor.clientIp,
      detail: { userId: created.id, roles: created.roles, organizationId: created.organizationId },
    });
    return created;
  }

  async deactivate(actor: AccountActor, id: string): Promise<UserView> {
    if (id === actor.user.id) throw new ConflictError('不能停用自己的账号');
    const user = await this.find(id);
    if (!user.active) return toView(user);
    user.active = false;
    await this.repository.flush();
    await this.securityLog.record({
      kind: 'userDeactivated',
      actorId: actor.user.id,
      username: user.username,
      clientIp: actor.clientIp,
      detail: { userId: user.id },
    });
    await this.endSessionsAfterAccountChange(user.id);
    return toView(user);
  }

  async reactivate(actor: AccountActor, id: string): Promise<UserView> {
    const user = await this.find(id);
    if (user.active) return toView(user);
    user.active = true;
    await this.repository.flush();
    await this.securityLog.record({
      kind: 'userReactivated',
      actorId: actor.user.id,
      username: user.username,
      clientIp: actor.clientIp,
      detail: { userId: user.id },
    });
    return toView(user);
  }

  async update(actor: AccountActor, id: string, dto: UpdateUserDto): Promise<UserView> {
    const user = await this.find(id);
    const before = { roles: [...user.roles], organizationId: user.organization.id };
    if (dto.roles) {
      if (id === actor.user.id) {
        throw InvalidInputError.field('roles', '不能变更自己的角色,请由另一位安全管理员操作');
      }
      const problem = separationOfDutiesProblem(dto.roles);
      if (problem) throw InvalidInputError.field('roles', problem);
    }
    if (dto.organizationId && dto.organizationId !== before.organizationId) {
      const organization = await this.repository.organization(dto.organizationId);
      if (!organization) throw InvalidInputError.field('organizationId', '单位不存在');
      user.organization = organization;
    }
    if (dto.roles) user.roles = [...dto.roles];
    if (dto.displayName !== undefined) user.displayName = dto.displayName;
    if (dto.email !== undefined) user.email = dto.email;
    await this.repository.flush();
    const rolesChanged =
      dto.roles !== undefined && [...before.roles].sort().join() !== [...user.roles].sort().join();
    const organizationChanged = user.organization.id !== before.organizationId;
    if (rolesChanged || organizationChanged) {
      await this.securityLog.record({
        kind: 'rolesChanged',
        actorId: actor.user.id,
        username: user.username,
        clientIp: actor.clientIp,
        detail: {
          userId: user.id,
          rolesBefore: before.roles,
          rolesAfter: user.roles,
          organizationBefore: before.organizationId,
          organizationAfter: user.organization.id,
        },
      });
      // Sessions go on: the guards re-read roles and organisation on every request, so the new
      // ones apply at once without signing the user out.
    }
    return toView(user);
  }

  private async find(id: string): Promise<User> {
    const user = await this.repository.withOrganization(id);
    if (!user) throw new NotFoundError('用户不存在', { userId: id });
    return user;
  }

  /**
   * A deactivated account must not keep working through sessions opened before: the guards
   * already refuse an inactive user, and the sessions are ended too, so they show as ended and
   * do not come back with a reactivation.
   */
  private async endSessionsAfterAccountChange(userId: string): Promise<void> {
    await this.sessions.revokeAllForUser(userId, 'accountChanged');
  }
}
