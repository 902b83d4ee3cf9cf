import { Entity, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';

export type TeamMemberKind = 'staff' | 'expert';
export interface TeamMember {
  userId: string;
  name: string;
  kind: TeamMemberKind;
}

export const CONCLUSIONS = ['pass', 'fail'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

export interface ChecklistEntry {
  item: string;
  passed: boolean;
  note?: string;
}

/**
 * The on-site verification (现场核查) of one item: its team, its visit and, once recorded, the
 * team's report. One per item; a dispute that sends the item back here continues the same visit.
 */
@Entity({ tableName: 'verification_visit' })
export class VerificationVisit {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement, unique: true })
  achievement: Achievement;

  @Property({ type: 'json' })
  team: TeamMember[];

  @ManyToOne({ entity: () => User })
  formedBy: User;

  @Property({ type: t.datetime })
  formedAt: Date;

  /** Calendar day of the visit (Asia/Shanghai), YYYY-MM-DD. */
  @Property({ type: 'string', length: 10, nullable: true })
  visitDate: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  place: string | null = null;

  @Property({ type: 'json', nullable: true })
  checklist: ChecklistEntry[] | null = null;

  @Property({ type: 'text', nullable: true })
  narrative: string | null = null;

  @Property({ type: 'string', length: 8, nullable: true })
  conclusion: Conclusion | null = null;

  /** Attachment ids (kind photo) taken on site. */
  @Property({ type: 'json' })
  photos: string[] = [];

  @ManyToOne({ entity: () => User, nullable: true })
  reportedBy: User | null = null;

  @Property({ type: t.datetime, nullable: true })
  reportedAt: Date | null = null;

  @Property({ type: t.datetime })
  updatedAt: Date;
}
