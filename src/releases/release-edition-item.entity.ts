import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { ReleaseEdition } from './release-edition.entity';

/**
 * An achievement in an edition, in print order. For the annual list the cycle proposes a
 * shortlist and the office picks which of it make the list (`selected`); monthly and quarterly
 * items are selected as added.
 */
@Entity({ tableName: 'release_edition_item' })
@Unique({ properties: ['edition', 'achievement'] })
@Index({ properties: ['achievement'] })
export class ReleaseEditionItem {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => ReleaseEdition })
  edition: ReleaseEdition;

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @Property({ type: 'integer' })
  position: number;

  @Property({ type: 'text' })
  blurb: string = '';

  /** Proposed by the annual cycle's shortlist (by score). */
  @Property({ type: 'boolean' })
  shortlisted: boolean = false;

  /** On the printed list; issuing publishes and prints only selected items. */
  @Property({ type: 'boolean' })
  selected: boolean = true;
}
