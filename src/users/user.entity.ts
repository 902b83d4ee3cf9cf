import { Entity, ManyToOne, PrimaryKey, Property, type Opt, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { UserRole } from '../../workflows/achievement.machine';
import { Organization } from '../organizations/organization.entity';

@Entity({ tableName: 'app_user' })
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
}
