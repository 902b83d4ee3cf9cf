import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';

/**
 * An item's place in the provincial library (成果库), created in the transaction that moves it
 * into `inLibrary`. The score and the entry year are copied here so the library can filter and
 * page on plain columns on both databases.
 */
@Entity({ tableName: 'library_entry' })
@Index({ properties: ['enteredAt', 'id'] })
// The monthly draft's order (Migration20261126060000LibraryProgressIndex has the DDL of both
// databases; this is PostgreSQL's, for the schema diff).
@Index({
  name: 'library_entry_progress_index',
  expression:
    'create index "library_entry_progress_index" on "library_entry" ((case when "latest_progress_at" > "entered_at" then "latest_progress_at" else "entered_at" end) desc, "score" desc nulls last, "achievement_id")',
})
export class LibraryEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement, unique: true })
  achievement: Achievement;

  @Property({ type: t.datetime })
  enteredAt: Date;

  /** Year of entry in Asia/Shanghai. */
  @Property({ type: 'integer' })
  enteredYear: number;

  /** The panel's aggregate (trimmed mean) when the item entered. */
  @Property({ type: 'double', nullable: true })
  score: number | null = null;

  @Property({ type: 'boolean' })
  provincialAwardRecommended: boolean = false;

  @Property({ type: 'boolean' })
  nationalAwardRecommended: boolean = false;

  @Property({ type: 'boolean' })
  majorSpecialProject: boolean = false;

  /** When the latest approved progress update was submitted; null until one is approved. */
  @Property({ type: t.datetime, nullable: true })
  latestProgressAt: Date | null = null;
}
