import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
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

  @Property({ type: 'datetime' })
  createdAt: Date;
}
