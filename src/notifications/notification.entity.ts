import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/user.entity';

/**
 * One message in one user's in-app inbox. `dedupeKey` (e.g. reminder:2026-11:<org>:5d) makes a
 * message that must go out once per recipient impossible to create twice, whichever instance or
 * run tries.
 */
@Entity({ tableName: 'notification' })
@Unique({ properties: ['recipient', 'dedupeKey'] })
@Index({ properties: ['recipient', 'readAt'] })
export class Notification {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => User })
  recipient: User;

  @Property({ type: 'string', length: 64 })
  kind: string;

  @Property({ type: 'string', length: 200 })
  subject: string;

  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'string', length: 500, nullable: true })
  link: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  dedupeKey: string | null = null;

  @Property({ type: t.datetime })
  createdAt: Date;

  @Property({ type: t.datetime, nullable: true })
  readAt: Date | null = null;
}
