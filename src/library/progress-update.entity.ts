import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';

export type ProgressStatus = 'pending' | 'approved' | 'rejected';

/** A "latest progress" (最新进展) report by the unit; it counts once the office approves it. */
@Entity({ tableName: 'progress_update' })
@Index({ properties: ['achievement', 'status'] })
export class ProgressUpdate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Property({ type: 'text' })
  content: string;

  @ManyToOne({ entity: () => User })
  submittedBy: User;

  @Property({ type: t.datetime })
  submittedAt: Date;

  @Property({ type: 'string', length: 16 })
  status: ProgressStatus = 'pending';

  @ManyToOne({ entity: () => User, nullable: true })
  decidedBy: User | null = null;

  @Property({ type: t.datetime, nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  decisionComment: string | null = null;
}
