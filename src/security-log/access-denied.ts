import type { Request } from 'express';
import type { SecurityLogService } from './security-log.service';

/** What the guards put on a request; only the id and the user name are read. */
interface RequestUser {
  id?: unknown;
  username?: unknown;
}

/**
 * Writes a refusal (403) to the security log: who, from where, which route and method. Never the
 * body or the query string, which may hold what the caller was not allowed to send.
 */
export function accessDeniedRecorder(log: SecurityLogService): (req: Request) => Promise<void> {
  return (req) => {
    const user = (req as Request & { user?: RequestUser }).user;
    const route = (req.route as { path?: unknown } | undefined)?.path;
    return log.record({
      kind: 'accessDenied',
      actorId: typeof user?.id === 'string' ? user.id : null,
      username: typeof user?.username === 'string' ? user.username : null,
      clientIp: req.ip ?? null,
      detail: {
        method: req.method,
        path: req.path,
        ...(typeof route === 'string' ? { route } : {}),
      },
    });
  };
}
