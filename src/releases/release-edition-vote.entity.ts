import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';
import { ReleaseEdition } from './release-edition.entity';

/** An expert's vote for a shortlisted item of the annual list (年度榜单专家投票). */
@Entity({ tableName: 'release_edition_vote' })
@Unique({ properties: ['edition', 'achievement', 'expert'] })
@Index({ properties: ['edition', 'expert'] })
export class ReleaseEditionVote {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => ReleaseEdition })
  edition: ReleaseEdition;

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @ManyToOne({ entity: () => User })
  expert: User;

  @Property({ type: t.datetime })
  createdAt: Date;
}
