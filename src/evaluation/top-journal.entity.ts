import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** The top-journal list for the basicResearch rule; seeded from migrations/data, edited by admins. */
@Entity({ tableName: 'top_journal' })
export class TopJournal {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'string', length: 9, unique: true })
  issn: string;

  @Property({ type: 'string', length: 20 })
  tier: string;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: t.datetime })
  updatedAt: Date;
}
