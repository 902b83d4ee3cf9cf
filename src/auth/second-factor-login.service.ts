import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '../common/domain-errors';
import { Transactions } from '../database/tx';
import { SecurityLogService } from '../security-log/security-log.service';
import { CredentialsRepository } from './credentials.repository';
import { SecondFactorCodes } from './second-factor-codes';

/** Wrong codes one challenge takes before it is spent and the password must be given again. */
export const MAX_CODES_PER_CHALLENGE = 5;

type Outcome =
  { ok: true; usedRecoveryCode: boolean } | { ok: false; spent: boolean; failures: number };

/**
 * The login's second step: once the password is right, a user with a second factor gets a signed
 * challenge and answers it with a code of the authenticator or an unused recovery code. Only the
 * newest challenge of a user can be answered, and it takes five wrong codes at most.
 */
@Injectable()
export class SecondFactorLogin {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly transactions: Transactions,
    private readonly codes: SecondFactorCodes,
    private readonly securityLog: SecurityLogService,
  ) {}

  /** Called once the password is right: a challenge when the user has a second factor, else null. */
  async challengeFor(userId: string): Promise<string | null> {
    const jti = randomUUID();
    if (!(await this.credentials.openChallenge(userId, jti))) return null;
    return this.codes.challenge(userId, jti);
  }

  /** The user id the challenge was for, once a code (or an unused recovery code) answers it. */
  async complete(challenge: string, code: string, clientIp: string | null): Promise<string> {
    const claims = this.codes.readChallenge(challenge);
    if (!claims) throw new UnauthenticatedError('验证已过期,请重新登录');
    let username: string | null = null;
    const outcome = await this.transactions.run(async (tx): Promise<Outcome | null> => {
      const row = await this.credentials.lockActive(tx, claims.sub, [
        'totpSecret',
        'recoveryCodeHashes',
      ]);
      if (!row || !row.totpEnabledAt || row.secondFactorChallenge !== claims.jti) return null;
      username = row.username;
      const step = this.codes.acceptedStep(row, code);
      const recovery = step === null ? this.codes.matchRecoveryCode(row, code) : null;
      if (step !== null || recovery !== null) {
        if (step !== null) row.totpLastStep = step;
        if (recovery !== null) row.recoveryCodeHashes = recovery;
        row.secondFactorChallenge = null;
        row.secondFactorFailures = 0;
        return { ok: true, usedRecoveryCode: recovery !== null };
      }
      row.secondFactorFailures += 1;
      const spent = row.secondFactorFailures >= MAX_CODES_PER_CHALLENGE;
      if (spent) row.secondFactorChallenge = null;
      return { ok: false, spent, failures: row.secondFactorFailures };
    });
    if (!outcome) throw new UnauthenticatedError('验证已失效,请重新登录');
    if (!outcome.ok) {
      await this.securityLog.record({
        kind: 'secondFactorFailed',
        actorId: claims.sub,
        username,
        clientIp,
        detail: { failures: outcome.failures, challengeSpent: outcome.spent },
      });
      throw new UnauthenticatedError(
        outcome.spent ? '验证码错误次数过多,请重新登录' : '验证码不正确',
        outcome.spent ? {} : { attemptsLeft: MAX_CODES_PER_CHALLENGE - outcome.failures },
      );
    }
    return claims.sub;
  }
}
