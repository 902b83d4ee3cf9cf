import type { Request } from 'express';
import { clientIpOf } from '../common/client-ip';
import type { LoginClient } from './sessions.service';

/** The client of a request: its address (see clientIpOf) and its user agent, for the session list. */
export function loginClientOf(req: Request): LoginClient {
  const agent = req.headers['user-agent'];
  return { ip: clientIpOf(req), userAgent: typeof agent === 'string' ? agent : null };
}
