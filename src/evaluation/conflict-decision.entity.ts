import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';
import type { ConflictKind } from './conflicts/conflict-rules';

/**
 * The office's word on a conflict between an expert and an item: a suggested conflict cleared as
 * a false positive, or a conflict confirmed (when found after the expert was assigned, it counts
 * against the expert's credit). The latest decision per (item, expert) is in force.
 */
@Entity({ tableName: 'conflict_decision' })
@Index({ properties: ['achievement', 'expert'] })
export class ConflictDecision {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @ManyToOne({ entity: () => User })
  expert: User;

  @Property({ type: 'string', length: 16 })
  decision: 'falsePositive' | 'confirmed';

  /** The suggested kinds at the time of the decision (empty for a conflict the office found). */
  @Property({ type: 'json' })
  kinds: ConflictKind[];

  @Property({ type: 'boolean' })
  foundAfterAssignment: boolean = false;

  @Property({ type: 'text' })
  reason: string;

  @ManyToOne({ entity: () => User })
  decidedBy: User;

  @Property({ type: t.datetime })
  decidedAt: Date;
}
