import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { Achievement } from '../achievements/achievement.entity';
import { emOf, txOf, type Tx } from '../database/tx';
import { User } from '../users/user.entity';
import { Notification } from './notification.entity';
import { OutboxMessage } from './outbox-message.entity';

/** One inbox row as `notify` writes it. */
export interface NewNotification {
  id: string;
  recipientId: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  dedupeKey: string | null;
  createdAt: Date;
}

/** The inbox, the outbox rows that go with it, and the recipients a message is for. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Runs `work` in the caller's transaction, or in one of its own when the caller has none. */
  inTransaction<T>(tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
    const em = emOf(tx);
    return em.isInTransaction() ? work(txOf(em)) : em.transactional((inner) => work(txOf(inner)));
  }

  /**
   * Active users by id. A fixed order makes concurrent notify() calls for the same recipients
   * take their row locks in the same order on PostgreSQL, so they queue instead of deadlocking.
   */
  activeUsers(tx: Tx, ids: string[]): Promise<User[]> {
    return emOf(tx).find(User, { id: { $in: ids }, active: true }, { orderBy: { id: 'asc' } });
  }

  /** Active users of one organisation, or (null) of all, by user name. */
  activeUsersOf(tx: Tx, organizationId: string | null): Promise<User[]> {
    const where: FilterQuery<User> = organizationId
      ? { active: true, organization: organizationId }
      : { active: true };
    return emOf(tx).find(User, where, { orderBy: { username: 'asc' } });
  }

  /**
   * Inserts the inbox row; with a dedupe key as `ON CONFLICT (recipient_id, dedupe_key) DO
   * NOTHING`, so a duplicate neither fails nor aborts the caller's PostgreSQL transaction. False
   * when the recipient already had it.
   */
  async insertNotification(tx: Tx, row: NewNotification): Promise<boolean> {
    const insert = (emOf(tx) as SqlEntityManager).createQueryBuilder(Notification).insert({
      id: row.id,
      recipient: row.recipientId,
      kind: row.kind,
      subject: row.subject,
      body: row.body,
      link: row.link,
      dedupeKey: row.dedupeKey,
      createdAt: row.createdAt,
      readAt: null,
    });
    if (row.dedupeKey) insert.onConflict(['recipient', 'dedupeKey']).ignore();
    const result = await insert.execute('run');
    return result.affectedRows === 1;
  }

  /** A pending e-mail for the notification, due at once. */
  async insertEmail(tx: Tx, id: string, notificationId: string, to: string, now: Date) {
    await emOf(tx).insert(OutboxMessage, {
      id,
      channel: 'email',
      notification: notificationId,
      toAddress: to,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      sentAt: null,
      createdAt: now,
    });
  }

  /** The item a transition moved, whole: other listeners read it from the same identity map. */
  achievement(tx: Tx, id: string): Promise<Achievement | null> {
    return emOf(tx).findOne(Achievement, id);
  }

  /** A page of the inbox, newest first, in the request's context. */
  page(where: FilterQuery<Notification>, first: number, after: string | undefined) {
    return this.em.findByCursor(Notification, where, {
      first,
      after,
      orderBy: { createdAt: 'desc', id: 'desc' },
      includeCount: false,
    });
  }

  unreadCount(userId: string): Promise<number> {
    return this.em.count(Notification, { recipient: userId, readAt: null });
  }

  own(userId: string, id: string): Promise<Notification | null> {
    return this.em.findOne(Notification, { id, recipient: userId });
  }

  /** Writes the request context's changes (a notification marked read). */
  flush(): Promise<void> {
    return this.em.flush();
  }

  markAllRead(userId: string, at: Date): Promise<number> {
    return this.em.nativeUpdate(Notification, { recipient: userId, readAt: null }, { readAt: at });
  }
}
