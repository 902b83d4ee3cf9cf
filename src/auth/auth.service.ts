import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { UnauthenticatedError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { PasswordHasher } from './password-hasher';
import { SecondFactorService } from './second-factor.service';

/** The login's answer: a token, or (for a user with a second factor) a challenge to answer first. */
export type LoginResult =
  { accessToken: string } | { secondFactorRequired: true; challenge: string };

const LOCKED_MESSAGE = '登录失败次数过多,账号已暂时锁定,请稍后再试';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secondFactor: SecondFactorService,
  ) {}

  /**
   * Per-address throttling slows one guesser; the account lockout stops many addresses guessing
   * one account. A locked account is refused before the password is checked, so guesses made
   * during the lock learn nothing.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const credentials = await this.users.credentials(username);
    if (credentials?.lockedUntil && credentials.lockedUntil > this.clock.now()) {
      throw new UnauthenticatedError(LOCKED_MESSAGE, {
        lockedUntil: credentials.lockedUntil.toISOString(),
      });
    }
    const ok = await this.hasher.verify(credentials?.passwordHash ?? null, password);
    if (credentials && !ok) {
      const lockedUntil = await this.users.registerLoginFailure(credentials.id, {
        threshold: this.config.loginLockoutThreshold,
        windowMs: this.config.loginLockoutMinutes * 60_000,
      });
      if (lockedUntil) {
        this.logger.warn(
          `账号 ${username} 连续 ${this.config.loginLockoutThreshold} 次登录失败,已锁定至 ${lockedUntil.toISOString()}`,
        );
        throw new UnauthenticatedError(LOCKED_MESSAGE, { lockedUntil: lockedUntil.toISOString() });
      }
    }
    if (!credentials || !ok || !credentials.active) {
      throw new UnauthenticatedError('用户名或密码错误');
    }
    await this.users.clearLoginFailures(credentials.id);
    // The password was right: a user with a second factor answers a challenge before any token.
    const challenge = await this.secondFactor.challengeFor(credentials.id);
    if (challenge) return { secondFactorRequired: true, challenge };
    return this.issueToken(credentials.id);
  }

  /** The access token of a user who passed every step of the login. */
  async issueToken(userId: string): Promise<{ accessToken: string }> {
    // Token lifetime is wall-clock time on purpose (jsonwebtoken's own clock): a simulated clock
    // that jumps days ahead must not sign everyone out, and a real one must not keep tokens alive.
    return { accessToken: await this.jwt.signAsync({ sub: userId }) };
  }
}
