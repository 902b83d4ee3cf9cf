import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, UnauthenticatedError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SecurityLogService } from '../security-log/security-log.service';
import { User } from '../users/user.entity';
import type { AuthUser } from './auth-user';
import {
  decryptSecret,
  encryptSecret,
  hashRecoveryCode,
  newRecoveryCodes,
  normaliseCode,
  resolveTotpKey,
  signChallenge,
  verifyChallenge,
} from './second-factor-crypto';

/** Wrong codes one challenge takes before it is spent and the password must be given again. */
export const MAX_CODES_PER_CHALLENGE = 5;
const CHALLENGE_TTL_S = 300;
const ISSUER = '浙里好成果';
const PERIOD_S = 30;

export interface SecondFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** Enrolment started and waiting for the first code. */
  pending: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

type Outcome =
  { ok: true; usedRecoveryCode: boolean } | { ok: false; spent: boolean; failures: number };

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s) as a second factor, with ten single-use recovery codes.
 * Codes are checked against the wall clock, as the authenticator app has no other (the simulated
 * clock of demos does not move them), one step either side, and each step is accepted once.
 */
@Injectable()
export class SecondFactorService {
  private readonly key: Buffer;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly securityLog: SecurityLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = resolveTotpKey(config.totpKey, config.dataDir);
  }

  async status(user: AuthUser): Promise<SecondFactorStatus> {
    const row = await this.em
      .fork()
      .findOneOrFail(User, user.id, { populate: ['totpSecret', 'recoveryCodeHashes'] });
    return {
      enabled: row.totpEnabledAt !== null,
      enabledAt: row.totpEnabledAt?.toISOString() ?? null,
      pending: row.totpEnabledAt === null && row.totpSecret !== null,
      required: user.roles.some((r) => this.config.requireTotpRoles.includes(r)),
      recoveryCodesLeft: row.recoveryCodeHashes?.length ?? 0,
    };
  }

  /** A new secret for the authenticator app; it counts only once confirmed with a code. */
  async startEnrolment(user: AuthUser): Promise<{ secret: string; uri: string }> {
    const secret = new Secret({ size: 20 });
    await this.em.fork().transactional(async (em) => {
      const row = await em.findOneOrFail(User, user.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (row.totpEnabledAt) throw new ConflictError('已启用双因素认证');
      row.totpSecret = encryptSecret(this.key, user.id, secret.base32);
    });
    return { secret: secret.base32, uri: this.totp(user.username, secret).toString() };
  }

  /** The secret of an enrolment waiting for its first code, to show again; null when none. */
  async pendingEnrolment(user: AuthUser): Promise<{ secret: string; uri: string } | null> {
    const row = await this.em.fork().findOneOrFail(User, user.id, { populate: ['totpSecret'] });
    if (row.totpEnabledAt || !row.totpSecret) return null;
    const secret = Secret.fromBase32(decryptSecret(this.key, user.id, row.totpSecret));
    return { secret: secret.base32, uri: this.totp(user.username, secret).toString() };
  }

  /** The first code proves the app holds the secret; answers the recovery codes, shown once. */
  async confirmEnrolment(
    user: AuthUser,
    code: string,
    clientIp: string | null,
  ): Promise<{ recoveryCodes: string[] }> {
    const recoveryCodes = newRecoveryCodes();
    const accepted = await this.em.fork().transactional(async (em) => {
      const row = await em.findOneOrFail(User, user.id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        populate: ['totpSecret'],
      });
      if (row.totpEnabledAt) throw new ConflictError('已启用双因素认证');
      if (!row.totpSecret) throw new ConflictError('请先开始绑定身份验证器');
      const step = this.acceptedStep(row, code);
      if (step === null) return false;
      row.totpEnabledAt = this.clock.now();
      row.totpLastStep = step;
      row.recoveryCodeHashes = recoveryCodes.map(hashRecoveryCode);
      return true;
    });
    if (!accepted) throw InvalidInputError.field('code', '验证码不正确,请核对手机上的时间后重试');
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
   * Called once the password is right: a challenge when the user has a second factor, else null.
   * Only the newest challenge of a user can be answered.
   */
  async challengeFor(userId: string): Promise<string | null> {
    const jti = randomUUID();
    const updated = await this.em
      .fork()
      .nativeUpdate(
        User,
        { id: userId, totpEnabledAt: { $ne: null } },
        { secondFactorChallenge: jti, secondFactorFailures: 0 },
      );
    if (updated === 0) return null;
    return signChallenge(this.key, {
      sub: userId,
      jti,
      exp: Math.floor(Date.now() / 1000) + CHALLENGE_TTL_S,
    });
  }

  /** The user id the challenge was for, once a code (or an unused recovery code) answers it. */
  async complete(challenge: string, code: string, clientIp: string | null): Promise<string> {
    const claims = verifyChallenge(this.key, challenge, Date.now());
    if (!claims) throw new UnauthenticatedError('验证已过期,请重新登录');
    let username: string | null = null;
    const outcome = await this.em.fork().transactional(async (em): Promise<Outcome | null> => {
      const row = await em.findOne(
        User,
        { id: claims.sub, active: true },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['totpSecret', 'recoveryCodeHashes'] },
      );
      if (!row || !row.totpEnabledAt || row.secondFactorChallenge !== claims.jti) return null;
      username = row.username;
      const step = this.acceptedStep(row, code);
      const recovery = step === null ? this.matchRecoveryCode(row, code) : null;
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

  private totp(username: string, secret: Secret): TOTP {
    return new TOTP({
      issuer: ISSUER,
      label: username,
      secret,
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_S,
    });
  }

  /** The time step a six-digit code is right for, if it is right and that step is not used up. */
  private acceptedStep(row: User, code: string): number | null {
    const token = normaliseCode(code);
    if (!/^\d{6}$/.test(token) || !row.totpSecret) return null;
    const secret = Secret.fromBase32(decryptSecret(this.key, row.id, row.totpSecret));
    const now = Date.now();
    const delta = this.totp(row.username, secret).validate({ token, timestamp: now, window: 1 });
    if (delta === null) return null;
    const step = Math.floor(now / 1000 / PERIOD_S) + delta;
    return row.totpLastStep !== null && step <= row.totpLastStep ? null : step;
  }

  /** The recovery codes left once this one is struck off, or null when it is not among them. */
  private matchRecoveryCode(row: User, code: string): string[] | null {
    const hashes = row.recoveryCodeHashes ?? [];
    const hash = hashRecoveryCode(code);
    return hashes.includes(hash) ? hashes.filter((h) => h !== hash) : null;
  }
}
