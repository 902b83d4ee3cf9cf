import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { NotFoundError } from '../common/domain-errors';
import { Transactions } from '../database/tx';
import { SecurityLogService } from '../security-log/security-log.service';
import { SessionRevoker } from '../users/session-revoker';
import { CredentialsRepository } from './credentials.repository';
import { clearSecondFactor } from './second-factor-codes';

/** The security administrator's side of the second factor. */
@Injectable()
export class SecondFactorReset {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly transactions: Transactions,
    private readonly securityLog: SecurityLogService,
    private readonly sessions: SessionRevoker,
  ) {}

  /**
   * For a user who lost their phone: the secret and recovery codes go, the user's sessions end,
   * and where their role requires a second factor the next login leads straight to a new
   * enrolment (the account gate asks for it).
   */
  async resetFor(actor: AuthUser, userId: string, clientIp: string | null): Promise<void> {
    const username = await this.transactions.run(async (tx) => {
      const row = await this.credentials.lock(tx, userId);
      if (!row) throw new NotFoundError('用户不存在', { userId });
      clearSecondFactor(row);
      return row.username;
    });
    await this.securityLog.record({
      kind: 'secondFactorReset',
      actorId: actor.id,
      username,
      clientIp,
      detail: { userId, by: actor.username },
    });
    await this.sessions.revokeAllForUser(userId, 'secondFactorReset', {
      actorId: actor.id,
      clientIp,
    });
  }
}
