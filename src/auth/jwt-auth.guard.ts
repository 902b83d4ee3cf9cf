import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UnauthenticatedError } from '../common/domain-errors';
import { UsersService } from '../users/users.service';
import { IS_PUBLIC } from './auth.decorators';
import type { AuthUser } from './auth-user';

/**
 * Every route needs a bearer token unless marked @Public. The user row is re-read on each request
 * so that deactivating a user or changing roles takes effect at once, not when the token expires.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return true;
    }
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthenticatedError('请先登录');
    let subject: string;
    try {
      subject = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
    } catch {
      throw new UnauthenticatedError('登录已失效,请重新登录');
    }
    const user = await this.users.findActive(subject);
    if (!user) throw new UnauthenticatedError('账号不存在或已停用');
    request.user = user;
    return true;
  }
}
