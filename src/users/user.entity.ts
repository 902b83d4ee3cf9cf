import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { UserRole } from '../../workflows/achievement.machine';
import { Organization } from '../organizations/organization.entity';

/**
 * User names are unique whatever their case (`ADMIN` cannot sit beside `admin`), and looked up that
 * way at login: an index on lower(username), the same statement on SQLite and PostgreSQL.
 */
@Entity({ tableName: 'app_user' })
@Index({
  name: 'app_user_username_lower_unique',
  expression:
    'create unique index "app_user_username_lower_unique" on "app_user" (lower("username"))',
})
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: true })
  username: string;

  @Property({ type: 'string', length: 255, hidden: true, lazy: true })
  passwordHash: string;

  @Property({ type: 'string', length: 100 })
  displayName: string;

  /** Where e-mail notifications go; none means in-app only. */
  @Property({ type: 'string', length: 200, nullable: true })
  email: string | null = null;

  @ManyToOne({ entity: () => Organization })
  organization: Organization;

  @Property({ type: 'json' })
  roles: UserRole[];

  @Property({ type: 'boolean' })
  active: boolean = true;

  /**
   * A self-registered account (a partner, 对接方) the office has not approved yet: it may sign in
   * and read its own status, and every other route answers 403 (account-gate.ts). Left unset on
   * every other insert, so the column's default (false) applies; an insert naming the column would
   * fail on a database migrated only to before it (the older migrations' specs insert users).
   */
  @Property({ type: 'boolean', default: false, nullable: false })
  approvalPending?: boolean;

  @Property({ type: t.datetime })
  createdAt: Date;

  /**
   * failedLogins, failedLoginsSince and lockedUntil belong to the old per-account lockout, which
   * anyone could trigger for someone else; nothing reads or writes them now (login throttling is
   * LoginThrottleService). Kept as columns so that old databases need no migration.
   */
  @Property({ type: 'integer', default: 0 })
  failedLogins: Opt<number> = 0;

  @Property({ type: t.datetime, nullable: true })
  failedLoginsSince: Date | null = null;

  @Property({ type: t.datetime, nullable: true })
  lockedUntil: Date | null = null;

  /** When the password was last set (app clock); expiry counts from here. Null on older rows: createdAt. */
  @Property({ type: t.datetime, nullable: true })
  passwordChangedAt: Date | null = null;

  /**
   * Set when someone other than the user chose the password (an admin creating the account or
   * resetting it): until the user sets their own, only the password change answers.
   */
  @Property({ type: 'boolean', default: false })
  mustChangePassword: Opt<boolean> = false;

  /**
   * The TOTP secret, AES-256-GCM encrypted under DATA_DIR/totp-key (see second-factor-crypto.ts).
   * Set with totpEnabledAt null while enrolment waits for its first code.
   */
  @Property({ type: 'string', length: 255, nullable: true, hidden: true, lazy: true })
  totpSecret: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  totpEnabledAt: Date | null = null;

  /** The last 30-second step a code was accepted for: a code is good once. */
  @Property({ type: 'integer', nullable: true })
  totpLastStep: number | null = null;

  /** SHA-256 of each unused recovery code. */
  @Property({ type: 'json', nullable: true, hidden: true, lazy: true })
  recoveryCodeHashes: string[] | null = null;

  /** The id of the one second-factor challenge that may still be answered, and its wrong codes. */
  @Property({ type: 'string', length: 64, nullable: true })
  secondFactorChallenge: string | null = null;

  @Property({ type: 'integer', default: 0 })
  secondFactorFailures: Opt<number> = 0;
}
