import { Inject, Injectable } from '@nestjs/common';
import type { UserRole } from '../../workflows/achievement.machine';
import type { AuthUser } from '../access/auth-user';
import { PasswordHasher } from './password-hasher';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { pendingAccountAction } from './account-gate';
import { separationOfDutiesProblem } from './admin-roles';
import type { CreateUserDto } from './dto/create-user.dto';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

export interface UserView extends AuthUser {
  organizationName: string;
  email: string | null;
  active: boolean;
  /** Whether the account has a confirmed authenticator (what a second-factor reset clears). */
  secondFactorEnabled: boolean;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An account an admin creates gets a password the admin knows, so the user must set their own at
   * the first login. `mustChangePassword: false` is for passwords the operator chose and keeps
   * (ADMIN_PASSWORD, the demo seed): see docs/configuration.md.
   */
  async create(
    dto: CreateUserDto,
    options: { mustChangePassword?: boolean } = {},
  ): Promise<UserView> {
    const organization = await this.users.organization(dto.organizationId);
    if (!organization) throw InvalidInputError.field('organizationId', '单位不存在');
    const roleProblem = separationOfDutiesProblem(dto.roles);
    if (roleProblem) throw InvalidInputError.field('roles', roleProblem);
    if (await this.users.usernameTaken(dto.username)) {
      throw new ConflictError('用户名已被使用', { errors: { username: ['用户名已被使用'] } });
    }
    const user = this.users.create({
      username: dto.username,
      passwordHash: await this.hasher.hash(dto.password),
      displayName: dto.displayName,
      email: dto.email ?? null,
      organization,
      roles: dto.roles,
      active: true,
      createdAt: this.clock.now(),
      passwordChangedAt: this.clock.now(),
      mustChangePassword: options.mustChangePassword ?? true,
    });
    await this.users.flush();
    return toView(user);
  }

  async list(): Promise<UserView[]> {
    return (await this.users.all()).map(toView);
  }

  async findActive(id: string): Promise<AuthUser | null> {
    const user = await this.users.active(id);
    if (!user) return null;
    const action = pendingAccountAction(user, this.config, this.clock.now());
    return action ? { ...toAuthUser(user), accountAction: action } : toAuthUser(user);
  }

  async credentials(username: string): Promise<{
    id: string;
    passwordHash: string;
    active: boolean;
  } | null> {
    const user = await this.users.withPasswordHash(username);
    return user ? { id: user.id, passwordHash: user.passwordHash, active: user.active } : null;
  }

  async exists(username: string): Promise<boolean> {
    return this.users.usernameExists(username);
  }

  /** Users of an organisation holding a role, e.g. to tell a unit who will recommend its item. */
  async withRole(organizationId: string, role: UserRole): Promise<User[]> {
    const users = await this.users.activeInOrganization(organizationId);
    return users.filter((u) => u.roles.includes(role));
  }
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
    secondFactorEnabled: user.totpEnabledAt !== null,
  };
}
