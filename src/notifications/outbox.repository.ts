import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { emOf, txOf, type Tx } from '../database/tx';
import { OutboxMessage } from './outbox-message.entity';

/** The row a dispatcher holds: it changes only while it still has these attempts and is pending. */
export interface HeldMessage {
  id: string;
  attempts: number;
  status: 'pending';
}

/**
 * The e-mail outbox as the dispatcher works it. Claims and outcomes are conditional updates that
 * answer how many rows they changed, so of several instances exactly one sends each message.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly em: EntityManager) {}

  /** A context of its own for one dispatch run. */
  reader(): Tx {
    return txOf(this.em.fork());
  }

  /**
   * Pending e-mails due at `now`, with their notification, oldest due first. The context forgets
   * the previous batch first, so a long run holds one batch at a time.
   */
  due(tx: Tx, now: Date, limit: number): Promise<OutboxMessage[]> {
    emOf(tx).clear();
    return emOf(tx).find(
      OutboxMessage,
      { channel: 'email', status: 'pending', nextAttemptAt: { $lte: now } },
      { populate: ['notification'], orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit },
    );
  }

  /**
   * Takes the message for one attempt: counts it and pushes the next attempt to `leaseUntil`, if
   * nobody took it since it was read. False when another dispatcher did.
   */
  async claim(tx: Tx, message: OutboxMessage, now: Date, leaseUntil: Date): Promise<boolean> {
    const claimed = await emOf(tx).nativeUpdate(
      OutboxMessage,
      {
        id: message.id,
        status: 'pending',
        attempts: message.attempts,
        nextAttemptAt: { $lte: now },
      },
      { attempts: message.attempts + 1, nextAttemptAt: leaseUntil },
    );
    return claimed === 1;
  }

  async sent(tx: Tx, held: HeldMessage, sentAt: Date): Promise<void> {
    await emOf(tx).nativeUpdate(OutboxMessage, held, { status: 'sent', sentAt, lastError: null });
  }

  async retryLater(tx: Tx, held: HeldMessage, error: string, next: Date): Promise<void> {
    await emOf(tx).nativeUpdate(OutboxMessage, held, { lastError: error, nextAttemptAt: next });
  }

  async failed(tx: Tx, held: HeldMessage, error: string): Promise<void> {
    await emOf(tx).nativeUpdate(OutboxMessage, held, { status: 'failed', lastError: error });
  }
}
