import { Inject, Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import { InvalidInputError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { User } from '../users/user.entity';
import {
  decryptSecret,
  encryptSecret,
  hashRecoveryCode,
  resolveTotpKey,
  signChallenge,
  verifyChallenge,
  normaliseCode,
} from './second-factor-crypto';

const CHALLENGE_TTL_S = 300;
const ISSUER = '浙里好成果';
const PERIOD_S = 30;
/** How long a re-enrolment's new secret waits for its first code. */
const REENROL_TTL_MS = 15 * 60_000;

/** What the authenticator app is given: the secret, and the same as an otpauth:// URI. */
export interface Authenticator {
  secret: string;
  uri: string;
}

/**
 * The codes of the second factor under the installation's TOTP key: TOTP (RFC 6238: SHA-1, 6
 * digits, 30 s) checked against the wall clock, as the authenticator app has no other (the
 * simulated clock of demos does not move them), one step either side, each step accepted once;
 * the sealed secrets, the sealed pending re-enrolment and the signed login challenge. Enrolment,
 * login and reset share it, so all three read one key.
 */
@Injectable()
export class SecondFactorCodes {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = resolveTotpKey(config.totpKey, config.dataDir);
  }

  /** A fresh secret for an authenticator app (base32). */
  newSecret(): string {
    return new Secret({ size: 20 }).base32;
  }

  authenticator(username: string, base32: string): Authenticator {
    return { secret: base32, uri: this.totp(username, base32).toString() };
  }

  /** The secret as the user's row stores it. */
  seal(userId: string, base32: string): string {
    return encryptSecret(this.key, userId, base32);
  }

  /** The secret of the user's row (sealed by `seal`). */
  open(userId: string, sealed: string): string {
    return decryptSecret(this.key, userId, sealed);
  }

  /** The time step a six-digit code is right for, if it is right and that step is not used up. */
  acceptedStep(row: User, code: string): number | null {
    if (!row.totpSecret) return null;
    return this.stepFor(row.username, this.open(row.id, row.totpSecret), code, row.totpLastStep);
  }

  stepFor(username: string, base32: string, code: string, lastStep: number | null): number | null {
    const token = normaliseCode(code);
    if (!/^\d{6}$/.test(token)) return null;
    const now = Date.now();
    const delta = this.totp(username, base32).validate({ token, timestamp: now, window: 1 });
    if (delta === null) return null;
    const step = Math.floor(now / 1000 / PERIOD_S) + delta;
    return lastStep !== null && step <= lastStep ? null : step;
  }

  /**
   * A re-enrolment's new secret as it travels with the client: sealed under the TOTP key for this
   * user and a quarter of an hour.
   */
  sealPending(userId: string, base32: string): string {
    return encryptSecret(
      this.key,
      `${userId}:reenrol`,
      JSON.stringify({ secret: base32, exp: Date.now() + REENROL_TTL_MS }),
    );
  }

  /** The secret sealed by `sealPending`, if it is this user's and still fresh. */
  openPending(userId: string, pending: string): string {
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
  matchRecoveryCode(row: User, code: string): string[] | null {
    const hashes = row.recoveryCodeHashes ?? [];
    const hash = hashRecoveryCode(code);
    return hashes.includes(hash) ? hashes.filter((h) => h !== hash) : null;
  }

  /** The signed challenge a login answers with a code, good for five minutes. */
  challenge(userId: string, jti: string): string {
    return signChallenge(this.key, {
      sub: userId,
      jti,
      exp: Math.floor(Date.now() / 1000) + CHALLENGE_TTL_S,
    });
  }

  /** The challenge's claims, or null when it is not ours or has expired. */
  readChallenge(challenge: string): ReturnType<typeof verifyChallenge> {
    return verifyChallenge(this.key, challenge, Date.now());
  }

  private totp(username: string, base32: string): TOTP {
    return new TOTP({
      issuer: ISSUER,
      label: username,
      secret: Secret.fromBase32(base32),
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_S,
    });
  }
}

/** No second factor at all: secret, pending enrolment, recovery codes and open challenge go. */
export function clearSecondFactor(row: User): void {
  row.totpSecret = null;
  row.totpEnabledAt = null;
  row.totpLastStep = null;
  row.recoveryCodeHashes = null;
  row.secondFactorChallenge = null;
  row.secondFactorFailures = 0;
}
