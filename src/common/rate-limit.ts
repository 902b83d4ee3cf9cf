import { UseGuards, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerOptions } from '@nestjs/throttler';
import type { Request } from 'express';

/** The public platform: its pages and its API, open to anyone and so limited per client. */
const PUBLIC_PATH = /^\/(public|api\/public)(\/|$)/;

export function isPublicRequest(context: ExecutionContext): boolean {
  return PUBLIC_PATH.test(context.switchToHttp().getRequest<Request>().path);
}

/**
 * The named limits of ThrottlerModule. A ThrottlerGuard applies every named limit to the routes it
 * guards, so each limit skips the other's routes: `login` counts sign-ins (its guard sits on the
 * login routes), `public` counts requests to the public platform per client address. Over the
 * limit the answer is 429 with 「请求过于频繁,请稍后再试」 (both exception filters).
 */
export function rateLimits(config: {
  loginRateLimit: number;
  publicRateLimit: number;
}): ThrottlerOptions[] {
  return [
    {
      name: 'login',
      ttl: 60_000,
      limit: config.loginRateLimit,
      skipIf: (context) => isPublicRequest(context),
    },
    {
      name: 'public',
      ttl: 60_000,
      limit: config.publicRateLimit,
      skipIf: (context) => !isPublicRequest(context),
    },
  ];
}

/** On a controller of the public platform: its requests count against PUBLIC_RATE_LIMIT. */
export const PublicRateLimit = () => UseGuards(ThrottlerGuard);
