import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { SecurityLogService } from '../security-log/security-log.service';
import { AuthSession } from './auth-session.entity';

/**
 * Ends every open session of a user at once. Apart from SessionsService because it needs only the
 * database and the security log: account administration (src/users) provides it in its own
 * module, so deactivating a user or changing roles ends sessions without a module cycle.
 */
@Injectable()
export class SessionRevoker {
  constructor(
    private readonly em: EntityManager,
    private readonly securityLog: SecurityLogService,
  ) {}

  /** `reason` goes to the security log (e.g. 'passwordChanged', 'deactivated'). */
  async revokeAllForUser(
    userId: string,
    reason: string,
    actor: { actorId?: string | null; clientIp?: string | null } = {},
  ): Promise<number> {
    const ended = await this.em
      .fork()
      .nativeUpdate(
        AuthSession,
        { user: userId, revokedAt: null, expiresAt: { $gt: new Date() } },
        { revokedAt: new Date(), revokedReason: 'account' },
      );
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
