import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode, sql } from '@mikro-orm/core';
import type { UserRole } from '../../workflows/achievement.machine';
import type { AuthUser } from '../auth/auth-user';
import { PasswordHasher } from '../auth/password-hasher';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { Organization } from '../organizations/organization.entity';
import { separationOfDutiesProblem } from './admin-roles';
import type { CreateUserDto } from './dto/create-user.dto';
import { User } from './user.entity';

export interface UserView extends AuthUser {
  organizationName: string;
  email: string | null;
  active: boolean;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateUserDto): Promise<UserView> {
    const organization = await this.em.findOne(Organization, dto.organizationId);
    if (!organization) throw InvalidInputError.field('organizationId', '单位不存在');
    const roleProblem = separationOfDutiesProblem(dto.roles);
    if (roleProblem) throw InvalidInputError.field('roles', roleProblem);
    if (await this.em.count(User, byUsername(dto.username))) {
      throw new ConflictError('用户名已被使用', { errors: { username: ['用户名已被使用'] } });
    }
    const user = this.em.create(User, {
      username: dto.username,
      passwordHash: await this.hasher.hash(dto.password),
      displayName: dto.displayName,
      email: dto.email ?? null,
      organization,
      roles: dto.roles,
      active: true,
      createdAt: this.clock.now(),
    });
    await this.em.flush();
    return toView(user);
  }

  async list(): Promise<UserView[]> {
    const users = await this.em.find(
      User,
      {},
      { populate: ['organization'], orderBy: { username: 'asc' } },
    );
    return users.map(toView);
  }

  async findActive(id: string): Promise<AuthUser | null> {
    const user = await this.em.fork().findOne(User, { id, active: true });
    return user ? toAuthUser(user) : null;
  }

  async credentials(username: string): Promise<{
    id: string;
    passwordHash: string;
    active: boolean;
    lockedUntil: Date | null;
  } | null> {
    const user = await this.em
      .fork()
      .findOne(User, byUsername(username), { populate: ['passwordHash'] });
    return user
      ? {
          id: user.id,
          passwordHash: user.passwordHash,
          active: user.active,
          lockedUntil: user.lockedUntil,
        }
      : null;
  }

  /**
   * Counts a wrong password. The threshold-th failure within the window locks the account for the
   * same span and starts a new count; returns the end of the lock when this failure caused one.
   * The row is locked so that parallel guesses are all counted.
   */
  async registerLoginFailure(
    id: string,
    policy: { threshold: number; windowMs: number },
  ): Promise<Date | null> {
    return this.em.fork().transactional(async (em) => {
      const user = await em.findOneOrFail(User, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const now = this.clock.now();
      const windowOpen =
        user.failedLoginsSince !== null &&
        now.getTime() - user.failedLoginsSince.getTime() < policy.windowMs;
      user.failedLogins = windowOpen ? user.failedLogins + 1 : 1;
      if (!windowOpen) user.failedLoginsSince = now;
      let lockedUntil: Date | null = null;
      if (user.failedLogins >= policy.threshold) {
        lockedUntil = new Date(now.getTime() + policy.windowMs);
        user.lockedUntil = lockedUntil;
        user.failedLogins = 0;
        user.failedLoginsSince = null;
      }
      await em.flush();
      return lockedUntil;
    });
  }

  async clearLoginFailures(id: string): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        User,
        { id, $or: [{ failedLogins: { $gt: 0 } }, { lockedUntil: { $ne: null } }] },
        { failedLogins: 0, failedLoginsSince: null, lockedUntil: null },
      );
  }

  async exists(username: string): Promise<boolean> {
    return (await this.em.fork().count(User, byUsername(username))) > 0;
  }

  /** Users of an organisation holding a role, e.g. to tell a unit who will recommend its item. */
  async withRole(organizationId: string, role: UserRole): Promise<User[]> {
    const users = await this.em.find(User, { organization: organizationId, active: true });
    return users.filter((u) => u.roles.includes(role));
  }
}

/** User names are one whatever their case: `ADMIN` is `admin` (the index on lower(username)). */
export function byUsername(username: string) {
  return { [sql.lower('username')]: username.toLowerCase() };
}

export function toAuthUser(user: User): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    organizationId: user.organization.id,
  };
}

export function toView(user: User): UserView {
  return {
    ...toAuthUser(user),
    organizationName: user.organization.name,
    email: user.email,
    active: user.active,
  };
}
