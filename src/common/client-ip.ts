import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { isIP } from 'node:net';

/**
 * The caller's address, with IPv4-mapped IPv6 written as IPv4. One helper for the login limiter,
 * the sessions and the security log, so they name a client alike; the public rate limit reads the
 * same `req.ip`.
 *
 * It is Express's `req.ip`: the socket's address, unless TRUST_PROXY names the reverse proxies in
 * front of the server (configureApp sets Express's 'trust proxy' to that list). Then the address
 * is read from X-Forwarded-For, walking back only through those proxies: a client cannot name an
 * address of its choice and escape the limits, since a header from any other peer is ignored.
 */
export function clientIpOf(req: Request): string | null {
  const raw = req.ip ?? req.socket?.remoteAddress ?? null;
  return raw?.startsWith('::ffff:') ? raw.slice(7) : raw;
}

export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null =>
  clientIpOf(ctx.switchToHttp().getRequest<Request>()),
);

/** Express's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDRs. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: a comma-separated list of the reverse proxies' addresses or CIDR ranges (or
 * Express's loopback, linklocal, uniquelocal); empty or unset, no proxy is trusted. Anything else
 * stops the start, rather than trusting more (or less) than meant.
 */
export function parseTrustProxy(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const entry of entries) {
    if (NAMED_RANGES.includes(entry)) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk =
      prefix === undefined ||
      (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || extra !== undefined) {
      throw new Error(
        `TRUST_PROXY must be a comma-separated list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal); not understood: ${entry}`,
      );
    }
  }
  return entries;
}
