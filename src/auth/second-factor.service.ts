import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { Clock } from '../common/clock';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  UnauthenticatedError,
} from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SecurityLogService } from '../security-log/security-log.service';
import { User } from '../users/user.entity';
import type { AuthUser } from '../access/auth-user';
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
import { SessionRevoker } from '../users/session-revoker';

/** Wrong codes one challenge takes before it is spent and the password must be given again. */
export const MAX_CODES_PER_CHALLENGE = 5;
const CHALLENGE_TTL_S = 300;
const ISSUER = '浙里好成果';
const PERIOD_S = 30;
/** How long a re-enrolment's new secret waits for its first code. */
const REENROL_TTL_MS = 15 * 60_000;

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
    private readonly sessions: SessionRevoker,
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
   * A new authenticator for a user who has one (a new phone): the new secret travels with the
   * client, sealed under the TOTP key for this user and a quarter of an hour, so the old secret
   * keeps working until a code from the new one confirms the change.
   */
  async startReenrolment(
    user: AuthUser,
  ): Promise<{ secret: string; uri: string; pending: string }> {
    const row = await this.em.fork().findOneOrFail(User, user.id);
    if (!row.totpEnabledAt) throw new ConflictError('尚未启用双因素认证,请先绑定身份验证器');
    const secret = new Secret({ size: 20 });
    const pending = encryptSecret(
      this.key,
      `${user.id}:reenrol`,
      JSON.stringify({ secret: secret.base32, exp: Date.now() + REENROL_TTL_MS }),
    );
    return { secret: secret.base32, uri: this.totp(user.username, secret).toString(), pending };
  }

  /** A started re-enrolment to show again (after a wrong code), or null when it is not valid. */
  reenrolmentAgain(
    user: AuthUser,
    pending: string,
  ): { secret: string; uri: string; pending: string } | null {
    try {
      const base32 = this.openPending(user.id, pending);
      const uri = this.totp(user.username, Secret.fromBase32(base32)).toString();
      return { secret: base32, uri, pending };
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
    const secret = this.openPending(user.id, pending);
    const recoveryCodes = newRecoveryCodes();
    const accepted = await this.em.fork().transactional(async (em) => {
      const row = await em.findOneOrFail(User, user.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row.totpEnabledAt) throw new ConflictError('尚未启用双因素认证,请先绑定身份验证器');
      const step = this.stepFor(user.username, secret, code, null);
      if (step === null) return false;
      row.totpSecret = encryptSecret(this.key, user.id, secret);
      row.totpEnabledAt = this.clock.now();
      row.totpLastStep = step;
      row.recoveryCodeHashes = recoveryCodes.map(hashRecoveryCode);
      row.secondFactorChallenge = null;
      return true;
    });
    if (!accepted) throw InvalidInputError.field('code', '验证码不正确,请核对手机上的时间后重试');
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
    const accepted = await this.em.fork().transactional(async (em) => {
      const row = await em.findOneOrFail(User, user.id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        populate: ['totpSecret'],
      });
      if (!row.totpEnabledAt) throw new ConflictError('尚未启用双因素认证');
      if (this.acceptedStep(row, code) === null) return false;
      clearSecondFactor(row);
      return true;
    });
    if (!accepted) throw InvalidInputError.field('code', '验证码不正确,请核对手机上的时间后重试');
    await this.securityLog.record({
      kind: 'secondFactorDisabled',
      actorId: user.id,
      username: user.username,
      clientIp,
      detail: { userId: user.id },
    });
  }

  /**
   * The security administrator's reset for a user who lost their phone: the secret and recovery
   * codes go, the user's sessions end, and where their role requires a second factor the next
   * login leads straight to a new enrolment (the account gate asks for it).
   */
  async resetFor(actor: AuthUser, userId: string, clientIp: string | null): Promise<void> {
    const username = await this.em.fork().transactional(async (em) => {
      const row = await em.findOne(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
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
    if (!row.totpSecret) return null;
    const secret = decryptSecret(this.key, row.id, row.totpSecret);
    return this.stepFor(row.username, secret, code, row.totpLastStep);
  }

  private stepFor(
    username: string,
    base32: string,
    code: string,
    lastStep: number | null,
  ): number | null {
    const token = normaliseCode(code);
    if (!/^\d{6}$/.test(token)) return null;
    const now = Date.now();
    const delta = this.totp(username, Secret.fromBase32(base32)).validate({
      token,
      timestamp: now,
      window: 1,
    });
    if (delta === null) return null;
    const step = Math.floor(now / 1000 / PERIOD_S) + delta;
    return lastStep !== null && step <= lastStep ? null : step;
  }

  /** The secret sealed by startReenrolment, if it is this user's and still fresh. */
  private openPending(userId: string, pending: string): string {
    let sealed: { secret?: unknown; exp?: unknown };
    try {
      sealed = JSON.parse(decryptSecret(this.key, `${userId}:reenrol`, pending)) as typeof sealed;
    } catch {
      throw InvalidInputError.field('pending', '绑定信息无效,请重新开始更换身份验证器');
    }
    if (typeof sealed.secret !== 'string' || typeof sealed.exp !== 'number') {
      throw InvalidInputError.field('pending', '绑定信息无效,请重新开始更换身份验证器');
    }
    if (sealed.exp < Date.now()) {
      throw InvalidInputError.field('pending', '绑定已超时,请重新开始更换身份验证器');
    }
    return sealed.secret;
  }

  /** The recovery codes left once this one is struck off, or null when it is not among them. */
  private matchRecoveryCode(row: User, code: string): string[] | null {
    const hashes = row.recoveryCodeHashes ?? [];
    const hash = hashRecoveryCode(code);
    return hashes.includes(hash) ? hashes.filter((h) => h !== hash) : null;
  }
}

/** No second factor at all: secret, pending enrolment, recovery codes and open challenge go. */
function clearSecondFactor(row: User): void {
  row.totpSecret = null;
  row.totpEnabledAt = null;
  row.totpLastStep = null;
  row.recoveryCodeHashes = null;
  row.secondFactorChallenge = null;
  row.secondFactorFailures = 0;
}
