import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { emOf, txOf, type Tx } from '../database/tx';
import { ScheduledTimer } from './scheduled-timer.entity';

export interface NewTimer {
  kind: string;
  key: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

/** Due timers and other instances' expired claims, as one condition. */
const claimable = (now: Date) => ({
  $or: [{ status: 'pending' as const }, { status: 'running' as const, lockedUntil: { $lt: now } }],
});

/** The durable timers: laying, re-arming, retiring, and claiming them one instance at a time. */
@Injectable()
export class TimersRepository {
  constructor(private readonly em: EntityManager) {}

  /** A context of its own for one run over the due timers. */
  reader(): Tx {
    return txOf(this.em.fork());
  }

  /**
   * One INSERT that skips the (kind, key) pairs already laid. Not an ORM upsert: that reads each
   * row back to hydrate an entity nobody uses, two statements per timer inside the transition
   * that seats an expert.
   */
  async insertMissing(tx: Tx | undefined, timers: readonly NewTimer[], createdAt: Date) {
    const em = (tx ? emOf(tx) : this.em.fork()) as SqlEntityManager;
    await em
      .createQueryBuilder(ScheduledTimer)
      .insert(
        timers.map((timer) => ({
          id: randomUUID(),
          kind: timer.kind,
          key: timer.key,
          dueAt: timer.dueAt,
          payload: timer.payload,
          status: 'pending' as const,
          attempts: 0,
          createdAt,
        })),
      )
      .onConflict(['kind', 'key'])
      .ignore()
      .execute();
  }

  async rearm(tx: Tx, kind: string, key: string, dueAt: Date): Promise<void> {
    await emOf(tx).nativeUpdate(
      ScheduledTimer,
      { kind, key },
      {
        dueAt,
        status: 'pending',
        lockedBy: null,
        lockedUntil: null,
        firedAt: null,
        lastError: null,
      },
    );
  }

  /** Pending timers of the kinds whose key is `prefix` or starts with `prefix:` are cancelled. */
  async cancelPending(tx: Tx, kinds: string[], prefix: string): Promise<void> {
    await emOf(tx).nativeUpdate(
      ScheduledTimer,
      {
        kind: { $in: kinds },
        status: 'pending',
        $or: [{ key: prefix }, { key: { $like: `${prefix}:%` } }],
      },
      { status: 'cancelled', lockedBy: null, lockedUntil: null },
    );
  }

  due(tx: Tx, now: Date, limit: number): Promise<ScheduledTimer[]> {
    return emOf(tx).find(
      ScheduledTimer,
      { dueAt: { $lte: now }, ...claimable(now) },
      { orderBy: { dueAt: 'asc' }, limit },
    );
  }

  /** Takes the timer for `owner` until `lockedUntil`; false when another instance has it. */
  async claim(
    tx: Tx,
    timer: ScheduledTimer,
    now: Date,
    owner: string,
    lockedUntil: Date,
  ): Promise<boolean> {
    const claimed = await emOf(tx).nativeUpdate(
      ScheduledTimer,
      { id: timer.id, ...claimable(now) },
      { status: 'running', lockedBy: owner, lockedUntil, attempts: timer.attempts + 1 },
    );
    return claimed === 1;
  }

  async fired(tx: Tx, id: string, owner: string, now: Date): Promise<void> {
    await emOf(tx).nativeUpdate(
      ScheduledTimer,
      { id, lockedBy: owner },
      { status: 'done', firedAt: now, lockedUntil: null, lastError: null },
    );
  }

  async failed(tx: Tx, id: string, owner: string, retryAt: Date, error: string): Promise<void> {
    await emOf(tx).nativeUpdate(
      ScheduledTimer,
      { id, lockedBy: owner },
      { status: 'pending', dueAt: retryAt, lockedUntil: null, lastError: error },
    );
  }
}
