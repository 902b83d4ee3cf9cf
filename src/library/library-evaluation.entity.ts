import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';

export const TRACKING_TYPES = ['peer', 'market', 'thirdParty'] as const;
export type TrackingType = (typeof TRACKING_TYPES)[number];
export const TRACKING_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export type TrackingRating = (typeof TRACKING_RATINGS)[number];

/** A tracking evaluation (跟踪评价) of a library item, recorded by the office. */
@Entity({ tableName: 'library_evaluation' })
@Index({ properties: ['achievement', 'evaluatedOn'] })
export class LibraryEvaluation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @Property({ type: 'string', length: 16 })
  type: TrackingType;

  @Property({ type: 'string', length: 200 })
  evaluator: string;

  /** YYYY-MM-DD. */
  @Property({ type: 'string', length: 10 })
  evaluatedOn: string;

  @Property({ type: 'text' })
  findings: string;

  @Property({ type: 'string', length: 16 })
  rating: TrackingRating;

  @ManyToOne({ entity: () => User })
  recordedBy: User;

  @Property({ type: t.datetime })
  recordedAt: Date;
}
