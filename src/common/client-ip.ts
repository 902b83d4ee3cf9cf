import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The caller's address: the socket's (X-Forwarded-For is not trusted: a client could name any
 * address it likes and escape the login limiter), with IPv4-mapped IPv6 written as IPv4. One
 * helper for the limiter, the sessions and the security log, so they name a client alike.
 */
export function clientIpOf(req: Request): string | null {
  const raw = req.socket?.remoteAddress ?? req.ip ?? null;
  return raw?.startsWith('::ffff:') ? raw.slice(7) : raw;
}

export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null =>
  clientIpOf(ctx.switchToHttp().getRequest<Request>()),
);
