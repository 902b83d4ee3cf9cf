import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The caller's address as Express sees it (trust proxy decides whether X-Forwarded-For counts). */
export function clientIpOf(req: Request): string | null {
  return req.ip ?? req.socket?.remoteAddress ?? null;
}

export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null =>
  clientIpOf(ctx.switchToHttp().getRequest<Request>()),
);
