import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';

/** A concern the office raised about an expert's conduct; it lowers the expert's credit. */
@Entity({ tableName: 'expert_flag' })
@Index({ properties: ['expert'] })
export class ExpertFlag {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => User })
  expert: User;

  @ManyToOne({ entity: () => Achievement, nullable: true })
  achievement: Achievement | null = null;

  @Property({ type: 'text' })
  reason: string;

  @ManyToOne({ entity: () => User })
  raisedBy: User;

  @Property({ type: t.datetime })
  raisedAt: Date;
}
