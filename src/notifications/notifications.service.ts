import { Inject, Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { UserRole } from '../../workflows/achievement.machine';
import { Clock } from '../common/clock';
import { InvalidInputError, NotFoundError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Tx } from '../database/tx';
import type { User } from '../users/user.entity';
import type { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

/** What to tell whom. Recipients are users or user ids; inactive users are skipped. */
export interface NotificationMessage {
  recipients: User[] | string[];
  /** Machine-readable type, e.g. `reminder.deadline`, for filtering and templates. */
  kind: string;
  /** One line, in Chinese; also the e-mail subject. */
  subject: string;
  body: string;
  /** Where in the application the message points, e.g. `/achievements/<id>`. */
  link?: string;
  /**
   * Makes the message once-only per recipient: a recipient who already has a notification with
   * this key gets nothing new, whichever run, transaction or instance tries again.
   */
  dedupeKey?: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxQuery {
  unread?: boolean;
  limit?: number;
  cursor?: string;
}

export interface InboxPage {
  items: NotificationView[];
  unreadCount: number;
  nextCursor: string | null;
}

/**
 * The in-app inbox and the entry point for every message the system sends. `notify` writes the
 * inbox rows and the e-mail outbox rows in the caller's transaction, so they commit or roll
 * back with the change that caused them; the EmailDispatcher delivers the outbox later.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Writes one notification per recipient and, when e-mail is on and the recipient has an
   * address, one pending outbox message. Returns how many notifications were created.
   *
   * With a dedupeKey the insert is `ON CONFLICT (recipient_id, dedupe_key) DO NOTHING`: the
   * unique constraint decides, so a concurrent duplicate (another instance, a second run) creates
   * nothing and, unlike a caught unique violation, does not abort the caller's PostgreSQL
   * transaction. On PostgreSQL a concurrent insert of the same key waits for the first
   * transaction and then does nothing if it committed.
   *
   * Call it inside the transaction of the change that causes the message; called outside one,
   * it opens its own.
   */
  async notify(tx: Tx, message: NotificationMessage): Promise<number> {
    const subject = message.subject.trim();
    checkLength('kind', message.kind, 1, 64);
    checkLength('subject', subject, 1, 200);
    checkLength('link', message.link, 1, 500);
    checkLength('dedupeKey', message.dedupeKey, 1, 200);
    // Inbox and outbox rows belong together; a caller without a transaction still gets one.
    return this.notifications.inTransaction(tx, (inner) => this.write(inner, message, subject));
  }

  private async write(tx: Tx, message: NotificationMessage, subject: string): Promise<number> {
    const users = await this.resolveRecipients(tx, message.recipients);
    if (users.length === 0) return 0;
    const now = this.clock.now();
    const emailOn = this.config.smtpUrl !== null;
    let created = 0;
    for (const user of users) {
      const id = randomUUID();
      const inserted = await this.notifications.insertNotification(tx, {
        id,
        recipientId: user.id,
        kind: message.kind,
        subject,
        body: message.body,
        link: message.link ?? null,
        dedupeKey: message.dedupeKey ?? null,
        createdAt: now,
      });
      if (!inserted) continue; // this recipient already has it
      created++;
      const address = user.email?.trim();
      if (emailOn && address) {
        await this.notifications.insertEmail(tx, randomUUID(), id, address, now);
      }
    }
    return created;
  }

  /**
   * Active users holding a role, in one organisation or (organizationId null) anywhere, e.g. the
   * recommenders of a collecting body, or all office staff. Roles are a JSON list, filtered here
   * rather than with a dialect-specific JSON query.
   */
  async recipientsWithRole(tx: Tx, organizationId: string | null, role: UserRole): Promise<User[]> {
    const users = await this.notifications.activeUsersOf(tx, organizationId);
    return users.filter((u) => u.roles.includes(role));
  }

  /** The caller's inbox, newest first. `unreadCount` counts the whole inbox, not the page. */
  async list(userId: string, query: InboxQuery = {}): Promise<InboxPage> {
    const where: FilterQuery<Notification> = query.unread
      ? { recipient: userId, readAt: null }
      : { recipient: userId };
    let page;
    try {
      page = await this.notifications.page(where, query.limit ?? 20, query.cursor);
    } catch (err) {
      if (query.cursor) throw InvalidInputError.field('cursor', '分页游标无效');
      throw err;
    }
    return {
      items: page.items.map(toView),
      unreadCount: await this.unreadCount(userId),
      nextCursor: page.hasNextPage ? page.endCursor : null,
    };
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.unreadCount(userId);
  }

  /** Marks one of the caller's notifications read; someone else's is reported as not found. */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    const notification = await this.notifications.own(userId, id);
    if (!notification) throw new NotFoundError('未找到该通知', { id });
    if (!notification.readAt) {
      notification.readAt = this.clock.now();
      await this.notifications.flush();
    }
    return toView(notification);
  }

  /** Marks every unread notification of the caller read; returns how many changed. */
  async markAllRead(userId: string): Promise<{ updated: number }> {
    const updated = await this.notifications.markAllRead(userId, this.clock.now());
    return { updated };
  }

  private async resolveRecipients(tx: Tx, recipients: User[] | string[]): Promise<User[]> {
    const ids = [
      ...new Set(recipients.map((r: User | string) => (typeof r === 'string' ? r : r.id))),
    ];
    if (ids.length === 0) return [];
    return this.notifications.activeUsers(tx, ids);
  }
}

function toView(n: Notification): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    subject: n.subject,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt,
    readAt: n.readAt,
  };
}

/** Limits of the columns, checked here so both databases refuse the same messages. */
function checkLength(field: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (value.length < min || value.length > max) {
    throw InvalidInputError.field(field, `长度必须在 ${min}–${max} 个字符之间`);
  }
}
