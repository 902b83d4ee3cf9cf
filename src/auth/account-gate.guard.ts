import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../common/domain-errors';
import { ACCOUNT_ACTION_MESSAGES } from '../users/account-gate';
import { ACCOUNT_ACTION_ROUTE } from '../access/auth.decorators';
import type { AccountAction, AuthUser } from '../access/auth-user';

/**
 * While a user must change a password or enrol a second factor, every API route but the ones
 * marked @DuringAccountAction answers 403 with what to do. Runs after the JWT guard set the user.
 */
@Injectable()
export class AccountGateGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    const action = user?.accountAction;
    if (!action) return true;
    const allowed = this.reflector.getAllAndOverride<AccountAction[] | undefined>(
      ACCOUNT_ACTION_ROUTE,
      [context.getHandler(), context.getClass()],
    );
    if (allowed?.includes(action)) return true;
    throw new ForbiddenError(ACCOUNT_ACTION_MESSAGES[action], { accountAction: action });
  }
}
