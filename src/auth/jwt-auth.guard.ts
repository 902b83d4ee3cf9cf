import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthenticatedError } from '../common/domain-errors';
import { IS_PUBLIC } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { SessionsService } from './sessions.service';

/**
 * Every route needs a bearer token unless marked @Public. The token's session and the user row are
 * read on each request, so that logout, revocation, idle timeout and deactivation take effect at
 * once, not when the token expires.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
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
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      user?: AuthUser;
      sessionId?: string;
    }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthenticatedError('请先登录');
    const auth = await this.sessions.authenticate(token);
    if (!auth.ok) {
      throw new UnauthenticatedError(
        auth.reason === 'inactive' ? '账号不存在或已停用' : '登录已失效,请重新登录',
      );
    }
    request.user = auth.user;
    request.sessionId = auth.sessionId;
    return true;
  }
}
