import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** Why a session ended before its time, when it did. */
export type SessionEndReason = 'logout' | 'revoked' | 'idle' | 'expired' | 'account';

/**
 * One signed-in session (a login on the API or the console). The token carries its id (`sid`);
 * every request reads this row, so a logout or a revocation takes effect at once. Times are wall
 * clock, not the application clock: a simulated clock must not sign everyone out.
 */
@Entity({ tableName: 'auth_session' })
@Index({ properties: ['user', 'expiresAt'] })
export class AuthSession {
  /** 32 random bytes, base64url. */
  @PrimaryKey({ type: 'string', length: 64 })
  id: string;

  @ManyToOne({ entity: () => User })
  user: User;

  @Property({ type: t.datetime })
  createdAt: Date;

  /** Updated at most once a minute (less often than every request, to keep reads cheap). */
  @Property({ type: t.datetime })
  lastSeenAt: Date;

  /** The absolute end (JWT_TTL after login), the same instant as the token's `exp`. */
  @Property({ type: t.datetime })
  expiresAt: Date;

  /** lastSeenAt + SESSION_IDLE_TIMEOUT, never after expiresAt. */
  @Property({ type: t.datetime })
  idleExpiresAt: Date;

  @Property({ type: 'string', length: 64, nullable: true })
  clientIp: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  userAgent: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  revokedReason: SessionEndReason | null = null;
}
