import { Injectable } from '@nestjs/common';
import { SecurityLogService } from '../security-log/security-log.service';
import { SessionRevoker } from '../users/session-revoker';
import { SessionsRepository } from './sessions.repository';

/**
 * The sessions' side of SessionRevoker (declared by src/users): needs only the database and the
 * security log, so SessionsService, the second factor and account administration all share it.
 */
@Injectable()
export class AuthSessionRevoker extends SessionRevoker {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly securityLog: SecurityLogService,
  ) {
    super();
  }

  async revokeAllForUser(
    userId: string,
    reason: string,
    actor: { actorId?: string | null; clientIp?: string | null } = {},
  ): Promise<number> {
    const ended = await this.sessions.revokeAll(userId, new Date());
    if (ended) {
      await this.securityLog.record({
        kind: 'sessionRevoked',
        actorId: actor.actorId ?? null,
        clientIp: actor.clientIp ?? null,
        detail: { userId, sessions: ended, reason: reason.slice(0, 64) },
      });
    }
    return ended;
  }
}
