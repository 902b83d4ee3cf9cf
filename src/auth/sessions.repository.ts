import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { User } from '../users/user.entity';
import { AuthSession, type SessionEndReason } from './auth-session.entity';

/** What a new session records. */
export interface NewSession {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  idleExpiresAt: Date;
  clientIp: string | null;
  userAgent: string | null;
}

/**
 * The sessions behind the tokens. Every call is a statement of its own on a fork: a request's
 * authentication must see the session as it is now, whatever the request has read before. The
 * ends are conditional updates that answer how many sessions they ended, so a session ends once
 * however many requests race to end it.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly em: EntityManager) {}

  async open(session: NewSession): Promise<void> {
    const em = this.em.fork();
    em.create(AuthSession, {
      id: session.id,
      user: em.getReference(User, session.userId),
      createdAt: session.createdAt,
      lastSeenAt: session.createdAt,
      expiresAt: session.expiresAt,
      idleExpiresAt: session.idleExpiresAt,
      clientIp: session.clientIp,
      userAgent: session.userAgent,
    });
    await em.flush();
  }

  find(id: string): Promise<AuthSession | null> {
    return this.em.fork().findOne(AuthSession, { id });
  }

  /** Records use of a session still open: seen now, idle end pushed on. */
  async touch(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(AuthSession, { id, revokedAt: null }, { lastSeenAt, idleExpiresAt });
  }

  /** The user's open sessions at `now`, the most recently used first. */
  openOf(userId: string, now: Date): Promise<AuthSession[]> {
    return this.em
      .fork()
      .find(
        AuthSession,
        { user: userId, revokedAt: null, expiresAt: { $gt: now }, idleExpiresAt: { $gt: now } },
        { orderBy: { lastSeenAt: 'desc', createdAt: 'desc' } },
      );
  }

  /** Logout: the user's session ends, whatever its token says; 1 if it was still open. */
  endByLogout(userId: string, id: string, now: Date): Promise<number> {
    return this.em
      .fork()
      .nativeUpdate(
        AuthSession,
        { id, user: userId, revokedAt: null },
        { revokedAt: now, revokedReason: 'logout' },
      );
  }

  /** Ends one of the user's sessions not yet past its end; 1 if it was still open. */
  revokeOne(userId: string, id: string, now: Date): Promise<number> {
    return this.em
      .fork()
      .nativeUpdate(
        AuthSession,
        { id, user: userId, revokedAt: null, expiresAt: { $gt: now } },
        { revokedAt: now, revokedReason: 'revoked' },
      );
  }

  /** Ends every session of the user not yet past its end but `keepId`; answers how many. */
  revokeOthers(userId: string, keepId: string, now: Date): Promise<number> {
    return this.em
      .fork()
      .nativeUpdate(
        AuthSession,
        { user: userId, id: { $ne: keepId }, revokedAt: null, expiresAt: { $gt: now } },
        { revokedAt: now, revokedReason: 'revoked' },
      );
  }

  /** Ends every session of the user not yet past its end (an account change); answers how many. */
  revokeAll(userId: string, now: Date): Promise<number> {
    return this.em
      .fork()
      .nativeUpdate(
        AuthSession,
        { user: userId, revokedAt: null, expiresAt: { $gt: now } },
        { revokedAt: now, revokedReason: 'account' },
      );
  }

  /** Marks a session over once it is past its absolute or idle end; 1 if this call did. */
  endLapsed(id: string, reason: Extract<SessionEndReason, 'expired' | 'idle'>, now: Date) {
    return this.em
      .fork()
      .nativeUpdate(
        AuthSession,
        reason === 'expired'
          ? { id, revokedAt: null, expiresAt: { $lte: now } }
          : { id, revokedAt: null, idleExpiresAt: { $lte: now } },
        { revokedAt: now, revokedReason: reason },
      );
  }

  /** Removes sessions whose absolute end is before `before`. */
  async removeEndedBefore(before: Date): Promise<void> {
    await this.em.fork().nativeDelete(AuthSession, { expiresAt: { $lt: before } });
  }
}
