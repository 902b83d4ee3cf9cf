import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';

export const ASSIGNMENT_STATUSES = [
  'active',
  'submitted',
  'recused',
  'lapsed',
  'removed',
  'conflict',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export type AssignmentSource = 'auto' | 'office' | 'replacement';

/**
 * One expert's seat on one item's panel in one scoring round. The machine's panel is the truth
 * about who may score; these rows follow it (a runner listener keeps them in step) and carry what
 * the machine does not: deadlines, reminders, how the seat ended. They are the facts of credit.
 */
@Entity({ tableName: 'expert_assignment' })
@Index({ properties: ['expert', 'status'] })
@Index({ properties: ['achievement', 'round'] })
// The statistics' process report: overdue active seats, and a period's due seats counted on the
// index alone, with their items for the filters (both read every seat without it: 83,000 rows at
// 100,000 items).
@Index({
  name: 'expert_assignment_status_due_at_index',
  properties: ['status', 'dueAt', 'submittedAt', 'achievement'],
})
export class ExpertAssignment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @ManyToOne({ entity: () => User })
  expert: User;

  @Property({ type: 'integer' })
  round: number;

  @Property({ type: 'string', length: 16 })
  status: AssignmentStatus = 'active';

  @Property({ type: 'string', length: 16 })
  source: AssignmentSource;

  @Property({ type: t.datetime })
  assignedAt: Date;

  @Property({ type: t.datetime })
  dueAt: Date;

  @Property({ type: t.datetime, nullable: true })
  submittedAt: Date | null = null;

  /** The expert's weighted score, once submitted. */
  @Property({ type: 'double', nullable: true })
  weighted: number | null = null;

  @Property({ type: t.datetime, nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  endReason: string | null = null;

  /**
   * The expert's unsubmitted sheet, saved as they type so that it survives a closed browser. It is
   * not a sheet: the machine never sees it, nobody else reads it, and it is cleared on submission.
   */
  @Property({ type: 'json', nullable: true })
  draft: ScoreDraft | null = null;
}

export interface ScoreDraft {
  scores: Record<string, number | null>;
  criterionComments: Record<string, string>;
  comment: string;
  savedAt: string;
}
