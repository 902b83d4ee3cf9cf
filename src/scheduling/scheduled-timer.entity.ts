import { Entity, Index, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** `cancelled`: its subject ended before it fell due (see TimerService.cancel); never fires. */
export type TimerStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * A business deadline as a row, so it survives restarts (XState `after` delays would not). The
 * (kind, key) pair makes scheduling idempotent; the status and lease make firing happen once
 * across instances, and let another instance take over when a holder dies mid-run.
 */
@Entity({ tableName: 'scheduled_timer' })
@Unique({ properties: ['kind', 'key'] })
@Index({ properties: ['status', 'dueAt'] })
export class ScheduledTimer {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64 })
  kind: string;

  @Property({ type: 'string', length: 128 })
  key: string;

  @Property({ type: t.datetime })
  dueAt: Date;

  @Property({ type: 'json' })
  payload: Record<string, unknown> = {};

  @Property({ type: 'string', length: 16 })
  status: TimerStatus = 'pending';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: t.datetime, nullable: true })
  lockedUntil: Date | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  lockedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  firedAt: Date | null = null;

  @Property({ type: t.datetime })
  createdAt: Date;
}
