import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';

/**
 * Failed logins counted under one key: an account name from one client, an account name from all
 * clients, or one client over all names. The key is a hash, so names typed by mistake (or
 * passwords typed into the name field) are not stored. Rows are forgotten an hour after their last
 * failure.
 */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottle {
  @PrimaryKey({ type: 'string', length: 80 })
  key: string;

  @Property({ type: 'integer' })
  failures: number;

  @Property({ type: t.datetime })
  lastFailureAt: Date;

  /** Attempts under this key are answered 429 until then. */
  @Property({ type: t.datetime, nullable: true })
  blockedUntil: Date | null = null;

  /** The block whose first refusal has been written to the security log. */
  @Property({ type: t.datetime, nullable: true })
  loggedUntil: Date | null = null;
}
