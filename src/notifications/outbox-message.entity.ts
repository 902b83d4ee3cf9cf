import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Notification } from './notification.entity';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * A delivery still to make on an external channel (e-mail). Written in the same transaction as
 * the change that caused it; a dispatcher sends it, retrying with backoff, so nothing is lost
 * while the mail server is down.
 */
@Entity({ tableName: 'outbox_message' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class OutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 16 })
  channel = 'email' as const;

  @ManyToOne({ entity: () => Notification })
  notification: Notification;

  @Property({ type: 'string', length: 200 })
  toAddress: string;

  @Property({ type: 'string', length: 16 })
  status: OutboxStatus = 'pending';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: t.datetime })
  nextAttemptAt: Date;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  sentAt: Date | null = null;

  @Property({ type: t.datetime })
  createdAt: Date;
}
