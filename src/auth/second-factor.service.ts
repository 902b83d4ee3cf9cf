import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/tx';
import { SecurityLogService } from '../security-log/security-log.service';
import { CredentialsRepository } from './credentials.repository';
import { clearSecondFactor, SecondFactorCodes, type Authenticator } from './second-factor-codes';
import { hashRecoveryCode, newRecoveryCodes } from './second-factor-crypto';
import { SecondFactorLogin } from './second-factor-login.service';
import { SecondFactorReset } from './second-factor-reset.service';

export interface SecondFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** Enrolment started and waiting for the first code. */
  pending: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

const WRONG_CODE = '验证码不正确,请核对手机上的时间后重试';

/**
 * One's own second factor: TOTP with ten single-use recovery codes, enrolled, replaced with a new
 * phone (re-enrolment) or turned off. The login's second step is SecondFactorLogin's, the
 * security administrator's reset SecondFactorReset's; the console reaches both through here.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly transactions: Transactions,
    private readonly codes: SecondFactorCodes,
    private readonly clock: Clock,
    private readonly securityLog: SecurityLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly login: SecondFactorLogin,
    private readonly reset: SecondFactorReset,
  ) {}

  async status(user: AuthUser): Promise<SecondFactorStatus> {
    const row = await this.credentials.current(user.id, ['totpSecret', 'recoveryCodeHashes']);
    return {
      enabled: row.totpEnabledAt !== null,
      enabledAt: row.totpEnabledAt?.toISOString() ?? null,
      pending: row.totpEnabledAt === null && row.totpSecret !== null,
      required: user.roles.some((r) => this.config.requireTotpRoles.includes(r)),
      recoveryCodesLeft: row.recoveryCodeHashes?.length ?? 0,
    };
  }

  /** A new secret for the authenticator app; it counts only once confirmed with a code. */
  async startEnrolment(user: AuthUser): Promise<Authenticator> {
    const secret = this.codes.newSecret();
    await this.transactions.run(async (tx) => {
      const row = await this.credentials.lockOrFail(tx, user.id);
      if (row.totpEnabledAt) throw new ConflictError('已启用双因素认证');
      row.totpSecret = this.codes.seal(user.id, secret);
    });
    return this.codes.authenticator(user.username, secret);
  }

  /** The secret of an enrolment waiting for its first code, to show again; null when none. */
  async pendingEnrolment(user: AuthUser): Promise<Authenticator | null> {
    const row = await this.credentials.current(user.id, ['totpSecret']);
    if (row.totpEnabledAt || !row.totpSecret) return null;
    return this.codes.authenticator(user.username, this.codes.open(user.id, row.totpSecret));
  }

  /** The first code proves the app holds the secret; answers the recovery codes, shown once. */
  async confirmEnrolment(
    user: AuthUser,
    code: string,
    clientIp: string | null,
  ): Promise<{ recoveryCodes: string[] }> {
    const recoveryCodes = newRecoveryCodes();
    const accepted = await this.transactions.run(async (tx) => {
      const row = await this.credentials.lockOrFail(tx, user.id, ['totpSecret']);
      if (row.totpEnabledAt) throw new ConflictError('已启用双因素认证');
      if (!row.totpSecret) throw new ConflictError('请先开始绑定身份验证器');
      const step = this.codes.acceptedStep(row, code);
      if (step === null) return false;
      row.totpEnabledAt = this.clock.now();
      row.totpLastStep = step;
      row.recoveryCodeHashes = recoveryCodes.map(hashRecoveryCode);
      return true;
    });
    if (!accepted) throw InvalidInputError.field('code', WRONG_CODE);
    await this.securityLog.record({
      kind: 'secondFactorEnabled',
      actorId: user.id,
      username: user.username,
      clientIp,
      detail: { method: 'totp' },
    });
    return { recoveryCodes };
  }

  /**
   * A new authenticator for a user who has one (a new phone): the new secret travels with the
   * client, sealed under the TOTP key for this user and a quarter of an hour, so the old secret
   * keeps working until a code from the new one confirms the change.
   */
  async startReenrolment(user: AuthUser): Promise<Authenticator & { pending: string }> {
    const row = await this.credentials.current(user.id);
    if (!row.totpEnabledAt) throw new ConflictError('尚未启用双因素认证,请先绑定身份验证器');
    const secret = this.codes.newSecret();
    const pending = this.codes.sealPending(user.id, secret);
    return { ...this.codes.authenticator(user.username, secret), pending };
  }

  /** A started re-enrolment to show again (after a wrong code), or null when it is not valid. */
  reenrolmentAgain(user: AuthUser, pending: string): (Authenticator & { pending: string }) | null {
    try {
      const secret = this.codes.openPending(user.id, pending);
      return { ...this.codes.authenticator(user.username, secret), pending };
    } catch {
      return null;
    }
  }

  /** The first code of the new authenticator replaces the old secret and the recovery codes. */
  async confirmReenrolment(
    user: AuthUser,
    pending: string,
    code: string,
    clientIp: string | null,
  ): Promise<{ recoveryCodes: string[] }> {
    const secret = this.codes.openPending(user.id, pending);
    const recoveryCodes = newRecoveryCodes();
    const accepted = await this.transactions.run(async (tx) => {
      const row = await this.credentials.lockOrFail(tx, user.id);
      if (!row.totpEnabledAt) throw new ConflictError('尚未启用双因素认证,请先绑定身份验证器');
      const step = this.codes.stepFor(user.username, secret, code, null);
      if (step === null) return false;
      row.totpSecret = this.codes.seal(user.id, secret);
      row.totpEnabledAt = this.clock.now();
      row.totpLastStep = step;
      row.recoveryCodeHashes = recoveryCodes.map(hashRecoveryCode);
      row.secondFactorChallenge = null;
      return true;
    });
    if (!accepted) throw InvalidInputError.field('code', WRONG_CODE);
    await this.securityLog.record({
      kind: 'secondFactorReenrolled',
      actorId: user.id,
      username: user.username,
      clientIp,
      detail: { method: 'totp' },
    });
    return { recoveryCodes };
  }

  /**
   * Turns the second factor off, with a current code of the authenticator, for a user whose role
   * does not require one; a required second factor can only be replaced (re-enrolment) or reset by
   * the security administrator.
   */
  async disable(user: AuthUser, code: string, clientIp: string | null): Promise<void> {
    if (user.roles.some((r) => this.config.requireTotpRoles.includes(r))) {
      throw new ConflictError('您的角色须启用双因素认证,不能关闭;更换手机请重新绑定');
    }
    const accepted = await this.transactions.run(async (tx) => {
      const row = await this.credentials.lockOrFail(tx, user.id, ['totpSecret']);
      if (!row.totpEnabledAt) throw new ConflictError('尚未启用双因素认证');
      if (this.codes.acceptedStep(row, code) === null) return false;
      clearSecondFactor(row);
      return true;
    });
    if (!accepted) throw InvalidInputError.field('code', WRONG_CODE);
    await this.securityLog.record({
      kind: 'secondFactorDisabled',
      actorId: user.id,
      username: user.username,
      clientIp,
      detail: { userId: user.id },
    });
  }

  /** The login's second step (SecondFactorLogin), for the console's sign-in page. */
  complete(challenge: string, code: string, clientIp: string | null): Promise<string> {
    return this.login.complete(challenge, code, clientIp);
  }

  /** The security administrator's reset (SecondFactorReset), for the console's account pages. */
  resetFor(actor: AuthUser, userId: string, clientIp: string | null): Promise<void> {
    return this.reset.resetFor(actor, userId, clientIp);
  }
}
