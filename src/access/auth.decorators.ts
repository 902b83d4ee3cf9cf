import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '../../workflows/achievement.machine';
import type { AccountAction, AuthUser } from './auth-user';

export const IS_PUBLIC = 'isPublic';
export const REQUIRED_ROLES = 'requiredRoles';

/** Opens a route to anonymous callers (login, health, the public catalogue). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to callers holding at least one of the roles. */
export const Roles = (...roles: UserRole[]) => SetMetadata(REQUIRED_ROLES, roles);

export const ACCOUNT_ACTION_ROUTE = 'accountActionRoute';
/**
 * A route that still answers while the user has an account action pending (see account-gate.ts):
 * the password change, the second-factor enrolment, me and logout. No actions listed: all of them.
 */
export const DuringAccountAction = (...actions: AccountAction[]) =>
  SetMetadata(
    ACCOUNT_ACTION_ROUTE,
    actions.length
      ? actions
      : ([
          'changeInitialPassword',
          'changeExpiredPassword',
          'enrolSecondFactor',
          'awaitApproval',
        ] as AccountAction[]),
  );
/** The routes of the password change. */
export const DuringPasswordChange = () =>
  DuringAccountAction('changeInitialPassword', 'changeExpiredPassword');

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser =>
    ctx.switchToHttp().getRequest<{ user: AuthUser }>().user,
);

/** The id of the session the request was authenticated with (set by the guards). */
export const CurrentSessionId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string =>
    ctx.switchToHttp().getRequest<{ sessionId: string }>().sessionId,
);
