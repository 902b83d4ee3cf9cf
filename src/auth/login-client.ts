import type { Request } from 'express';
import type { LoginClient } from './sessions.service';

/**
 * The client of a request: the socket's address (X-Forwarded-For is not trusted: a client could
 * name any address it likes and escape the login limiter) and its user agent, for the session list.
 */
export function loginClientOf(req: Request): LoginClient {
  const raw = req.socket?.remoteAddress ?? req.ip ?? null;
  const ip = raw?.startsWith('::ffff:') ? raw.slice(7) : raw;
  const agent = req.headers['user-agent'];
  return { ip: ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}
