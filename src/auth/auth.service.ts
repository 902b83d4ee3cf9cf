import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '../common/domain-errors';
import { SecurityLogService } from '../security-log/security-log.service';
import { UsersService } from '../users/users.service';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from '../users/password-hasher';
import { SecondFactorLogin } from './second-factor-login.service';
import { SessionsService, type LoginClient } from './sessions.service';

/** The login's answer: a token, or (for a user with a second factor) a challenge to answer first. */
export type LoginResult =
  { accessToken: string } | { secondFactorRequired: true; challenge: string };

export const WRONG_CREDENTIALS = '用户名或密码错误';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly securityLog: SecurityLogService,
    private readonly secondFactor: SecondFactorLogin,
  ) {}

  /**
   * Checks a user name and password, one attempt at a time per name and client. The limiter
   * answers first (429, the same for every name); then every failure, whether the name is
   * unknown, the password wrong or the account inactive, gets the same answer after the same work
   * (an unknown name is verified against a decoy hash). Nothing here locks an account: an
   * attacker slows only his own attempts.
   */
  async login(username: string, password: string, client: LoginClient): Promise<LoginResult> {
    const user = await this.throttle.oneAtATime(username, client.ip, async () => {
      await this.throttle.admit(username, client.ip);
      const credentials = await this.users.credentials(username);
      const ok = await this.hasher.verify(credentials?.passwordHash ?? null, password);
      if (!credentials || !ok || !credentials.active) {
        await this.throttle.failed(username, client.ip);
        await this.securityLog.record({
          kind: 'loginFailed',
          actorId: credentials?.id ?? null,
          username: username.slice(0, 64),
          clientIp: client.ip,
          detail: {
            reason: !credentials ? 'unknownUser' : !ok ? 'wrongPassword' : 'inactive',
          },
        });
        throw new UnauthenticatedError(WRONG_CREDENTIALS);
      }
      await this.throttle.succeeded(username, client.ip);
      return { id: credentials.id, username };
    });
    // The password was right: a user with a second factor answers a challenge before any token.
    const challenge = await this.secondFactor.challengeFor(user.id);
    if (challenge) return { secondFactorRequired: true, challenge };
    return this.startSession(user, client);
  }

  /** The second step's end: the challenge was answered, so the user signs in like any other. */
  async startSessionAfterSecondFactor(
    userId: string,
    client: LoginClient,
  ): Promise<{ accessToken: string }> {
    const user = await this.users.findActive(userId);
    if (!user) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    return this.startSession(user, client);
  }

  /**
   * The last step of every sign-in: opens a server-side session and issues its token. The token
   * expires on the wall clock (JWT_TTL), and so does the session behind it: a simulated clock that
   * jumps days ahead must not sign everyone out, and a real one must not keep tokens alive.
   */
  async startSession(
    user: { id: string; username: string },
    client: LoginClient,
  ): Promise<{ accessToken: string }> {
    const { accessToken, sessionId } = await this.sessions.start(user.id, client);
    await this.securityLog.record({
      kind: 'loginSucceeded',
      actorId: user.id,
      username: user.username,
      clientIp: client.ip,
      detail: { sessionId: sessionId.slice(0, 8) },
    });
    return { accessToken };
  }
}
