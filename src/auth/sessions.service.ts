import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SecurityLogService } from '../security-log/security-log.service';
import { UsersService } from '../users/users.service';
import type { SessionEndReason } from './auth-session.entity';
import type { AuthUser } from '../access/auth-user';
import { SessionRevoker } from '../users/session-revoker';
import { isSessionId, sessionClaims, TOKEN_ALGORITHM } from './session-token';
import { SessionsRepository } from './sessions.repository';

/** Where a login came from, as the session list shows it. */
export interface LoginClient {
  ip: string | null;
  userAgent: string | null;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  idleExpiresAt: string;
  clientIp: string | null;
  userAgent: string | null;
  current: boolean;
}

export type Authentication =
  { ok: true; user: AuthUser; sessionId: string } | { ok: false; reason: 'invalid' | 'inactive' };

/** lastSeenAt is written at most this often (or a tenth of the idle timeout, if that is shorter). */
const TOUCH_MS = 60_000;
/** Every so many logins, sessions that ended more than a week ago are removed. */
const CLEANUP_EVERY = 100;
const KEEP_ENDED_MS = 7 * 24 * 60 * 60_000;

/**
 * Server-side sessions behind the tokens. A token names its session (`sid`); each request reads
 * the session row by its primary key, so logout and revocation end a session at once, and a
 * session idle for SESSION_IDLE_TIMEOUT or older than JWT_TTL ends too. All of it runs on the wall
 * clock, never the application's: a simulated clock that jumps days ahead must not sign everyone
 * out, and one that stands still must not keep sessions alive.
 */
@Injectable()
export class SessionsService {
  private readonly touchMs: number;
  private logins = 0;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly securityLog: SecurityLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly revoker: SessionRevoker,
  ) {
    this.touchMs = Math.min(TOUCH_MS, Math.floor(config.sessionIdleMs / 10));
  }

  /** Opens a session for the user and returns its token (API bearer and console cookie alike). */
  async start(
    userId: string,
    client: LoginClient,
  ): Promise<{ accessToken: string; sessionId: string }> {
    if (++this.logins % CLEANUP_EVERY === 0) await this.cleanup();
    const now = Date.now();
    const expiresAt = new Date(now + this.config.sessionMaxAgeMs);
    const id = randomBytes(32).toString('base64url');
    await this.sessions.open({
      id,
      userId,
      createdAt: new Date(now),
      expiresAt,
      idleExpiresAt: new Date(Math.min(now + this.config.sessionIdleMs, expiresAt.getTime())),
      clientIp: client.ip?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 255) ?? null,
    });
    const accessToken = await this.jwt.signAsync(
      { sub: userId, sid: id, exp: Math.floor(expiresAt.getTime() / 1000) },
      { algorithm: TOKEN_ALGORITHM },
    );
    return { accessToken, sessionId: id };
  }

  /**
   * The user and session of a token, or why there is none. The signature (HS256 only), `exp`, the
   * shape of every claim and the session row are all checked; then the user row, so that a
   * deactivated account is refused at once.
   */
  async authenticate(token: string): Promise<Authentication> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: [TOKEN_ALGORITHM] });
    } catch (err) {
      if ((err as Error).name === 'TokenExpiredError') await this.expireToken(token);
      return { ok: false, reason: 'invalid' };
    }
    const claims = sessionClaims(payload);
    if (!claims || claims.exp * 1000 <= Date.now()) return { ok: false, reason: 'invalid' };
    const session = await this.sessions.find(claims.sid);
    if (!session || session.user.id !== claims.sub || session.revokedAt) {
      return { ok: false, reason: 'invalid' };
    }
    const now = Date.now();
    if (now >= session.expiresAt.getTime()) {
      await this.end(session.id, 'expired', claims.sub);
      return { ok: false, reason: 'invalid' };
    }
    if (now >= session.idleExpiresAt.getTime()) {
      await this.end(session.id, 'idle', claims.sub);
      return { ok: false, reason: 'invalid' };
    }
    const user = await this.users.findActive(claims.sub);
    if (!user) return { ok: false, reason: 'inactive' };
    if (now - session.lastSeenAt.getTime() >= this.touchMs) {
      await this.sessions.touch(
        session.id,
        new Date(now),
        new Date(Math.min(now + this.config.sessionIdleMs, session.expiresAt.getTime())),
      );
    }
    return { ok: true, user, sessionId: session.id };
  }

  /** The user's sessions that are still open, the most recently used first. */
  async list(userId: string, currentId: string | null): Promise<SessionView[]> {
    const sessions = await this.sessions.openOf(userId, new Date());
    return sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      idleExpiresAt: s.idleExpiresAt.toISOString(),
      clientIp: s.clientIp,
      userAgent: s.userAgent,
      current: s.id === currentId,
    }));
  }

  /** Signs out: the session ends now, whatever its token says. */
  async logout(user: AuthUser, sessionId: string, clientIp: string | null): Promise<void> {
    const ended = await this.sessions.endByLogout(user.id, sessionId, new Date());
    if (ended) {
      await this.securityLog.record({
        kind: 'logout',
        actorId: user.id,
        username: user.username,
        clientIp,
        detail: { sessionId: sessionId.slice(0, 8) },
      });
    }
  }

  /** Ends one of the user's own sessions; 404 for one that is not theirs or already over. */
  async revoke(user: AuthUser, sessionId: string, clientIp: string | null): Promise<void> {
    const ended = isSessionId(sessionId)
      ? await this.sessions.revokeOne(user.id, sessionId, new Date())
      : 0;
    if (!ended) throw new NotFoundError('该会话不存在或已结束');
    await this.securityLog.record({
      kind: 'sessionRevoked',
      actorId: user.id,
      username: user.username,
      clientIp,
      detail: { sessions: 1, reason: 'revoked' },
    });
  }

  /** Ends every session of the user but the current one; returns how many ended. */
  async revokeOthers(user: AuthUser, currentId: string, clientIp: string | null): Promise<number> {
    const ended = await this.sessions.revokeOthers(user.id, currentId, new Date());
    if (ended) {
      await this.securityLog.record({
        kind: 'sessionRevoked',
        actorId: user.id,
        username: user.username,
        clientIp,
        detail: { sessions: ended, reason: 'revoked' },
      });
    }
    return ended;
  }

  /** Ends every session of a user at once (see SessionRevoker). */
  revokeAllForUser(
    userId: string,
    reason: string,
    actor: { actorId?: string | null; clientIp?: string | null } = {},
  ): Promise<number> {
    return this.revoker.revokeAllForUser(userId, reason, actor);
  }

  /** Marks a session over (idle or past its end) once, and logs that it expired. */
  private async end(
    sessionId: string,
    reason: Extract<SessionEndReason, 'expired' | 'idle'>,
    userId: string,
  ): Promise<void> {
    const ended = await this.sessions.endLapsed(sessionId, reason, new Date());
    if (ended) {
      await this.securityLog.record({
        kind: 'sessionExpired',
        actorId: userId,
        detail: { sessionId: sessionId.slice(0, 8), reason },
      });
    }
  }

  /** A correctly signed token past its `exp`: its session, if still open, is marked expired. */
  private async expireToken(token: string): Promise<void> {
    try {
      const payload: unknown = await this.jwt.verifyAsync(token, {
        algorithms: [TOKEN_ALGORITHM],
        ignoreExpiration: true,
      });
      const claims = sessionClaims(payload);
      if (claims) await this.end(claims.sid, 'expired', claims.sub);
    } catch {
      // Not ours: nothing to mark.
    }
  }

  private async cleanup(): Promise<void> {
    await this.sessions.removeEndedBefore(new Date(Date.now() - KEEP_ENDED_MS));
  }
}
