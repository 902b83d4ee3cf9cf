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

  @Property({ type: t.datetime })
  createdAt: Date;

  /** Wrong passwords since failedLoginsSince; reset by a successful login or a new window. */
  @Property({ type: 'integer', default: 0 })
  failedLogins: Opt<number> = 0;

  @Property({ type: t.datetime, nullable: true })
  failedLoginsSince: Date | null = null;

  /** Until then the account refuses every login, right password or not. */
  @Property({ type: t.datetime, nullable: true })
  lockedUntil: Date | null = null;
}
