import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import type { ChecklistEntry } from './eligibility/eligibility-rules';

/** The checklist recorded when an item entered eligibility check (append-only; latest shown). */
@Entity({ tableName: 'eligibility_check' })
@Index({ properties: ['achievement', 'checkedAt'] })
export class EligibilityCheck {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @Property({ type: 'json' })
  results: ChecklistEntry[];

  @Property({ type: 'boolean' })
  passed: boolean;

  /** The event that brought the item into eligibility check (BATCH_CLOSE, RESUBMIT…). */
  @Property({ type: 'string', length: 32 })
  trigger: string;

  /** The audit sequence number of that event. */
  @Property({ type: 'integer' })
  auditSeq: number;

  @Property({ type: t.datetime })
  checkedAt: Date;
}
