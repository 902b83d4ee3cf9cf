import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { PasswordHasher } from '../users/password-hasher';
import { passwordMessages, temporaryPassword } from '../users/password-policy';
import { Clock } from '../common/clock';
import { Transactions } from '../database/tx';
import { CredentialsRepository } from './credentials.repository';
import { InvalidInputError, NotFoundError } from '../common/domain-errors';
import { SecurityLogService } from '../security-log/security-log.service';
import { SessionsService } from './sessions.service';

/**
 * Changing one's own password (with the current one) and an admin's reset to a one-time password.
 * Both end the user's sessions and are written to the security log; the policy of
 * src/users/password-policy.ts applies to every password a person chooses.
 */
@Injectable()
export class PasswordService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly securityLog: SecurityLogService,
    private readonly sessions: SessionsService,
  ) {}

  async change(
    userId: string,
    currentPassword: string,
    newPassword: string,
    clientIp: string | null,
  ): Promise<void> {
    const user = await this.credentials.activeWithPassword(userId);
    if (!user) throw new NotFoundError('用户不存在');
    // Nothing is written before both checks pass: a wrong current password changes nothing.
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw InvalidInputError.field('currentPassword', '当前密码不正确');
    }
    const problems = passwordMessages(newPassword, user.username);
    if (currentPassword === newPassword) problems.unshift('新密码不能与当前密码相同');
    if (problems.length) throw new InvalidInputError({ newPassword: problems });
    const hash = await this.hasher.hash(newPassword);
    await this.transactions.run(async (tx) => {
      const row = await this.credentials.lockOrFail(tx, userId);
      row.passwordHash = hash;
      row.passwordChangedAt = this.clock.now();
      row.mustChangePassword = false;
    });
    await this.securityLog.record({
      kind: 'passwordChanged',
      actorId: user.id,
      username: user.username,
      clientIp,
      detail: { userId: user.id },
    });
    await this.endSessionsAfterCredentialChange(user.id);
  }

  /**
   * Gives the user a one-time password, shown once to the admin, that must be replaced at the next
   * login. Also lifts a lockout: the reset is how a locked-out user gets back in.
   */
  async reset(
    actor: AuthUser,
    userId: string,
    clientIp: string | null,
  ): Promise<{ temporaryPassword: string }> {
    const password = temporaryPassword();
    const hash = await this.hasher.hash(password);
    const username = await this.transactions.run(async (tx) => {
      const row = await this.credentials.lock(tx, userId);
      if (!row) throw new NotFoundError('用户不存在');
      row.passwordHash = hash;
      row.passwordChangedAt = this.clock.now();
      row.mustChangePassword = true;
      return row.username;
    });
    await this.securityLog.record({
      kind: 'passwordReset',
      actorId: actor.id,
      username,
      clientIp,
      detail: { userId, by: actor.username },
    });
    await this.endSessionsAfterCredentialChange(userId);
    return { temporaryPassword: password };
  }

  /** A new password ends every session of the user at once: whoever held one must sign in again. */
  private async endSessionsAfterCredentialChange(userId: string): Promise<void> {
    await this.sessions.revokeAllForUser(userId, 'passwordChanged');
  }
}
