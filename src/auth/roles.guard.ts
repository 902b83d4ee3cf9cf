import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '../../workflows/achievement.machine';
import { ForbiddenError } from '../common/domain-errors';
import { REQUIRED_ROLES } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && user.roles.some((r) => required.includes(r))) return true;
    throw new ForbiddenError('您的角色无权访问该功能', { requiredRoles: required });
  }
}
