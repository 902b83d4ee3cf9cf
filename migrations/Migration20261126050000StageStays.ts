import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';
import { STAGE_STAYS_UP } from './frozen/stage-stays-20261126050000.sql';

/**
 * The statistics' stays (see src/stats/stage-stays.sql.ts), filled from the existing audit trail so
 * a database migrated with history has its figures at once. Not an entity (see
 * schemaGenerator.skipTables): StageStaysService rewrites an item's rows in the transaction of each
 * of its state changes. The audit index for the old period scans leads with the event now: the one
 * scan left (review decisions for the return rate) reads five event types of a period. It runs a
 * frozen copy of its statements (frozen/), in the shape the stays had when
 * Migration20261126090000StageCounts last recreated them, so later edits of the live SQL never
 * change what this migration does.
 */
export class Migration20261126050000StageStays extends Migration {
  override up(): void {
    const pg = isPostgres(this.config);
    for (const sql of STAGE_STAYS_UP[pg ? 'postgresql' : 'sqlite']) {
      this.addSql(sql);
    }
    this.addSql('drop index if exists "audit_event_funnel_index"');
    this.addSql(
      'create index "audit_event_event_type_at_index" on "audit_event" ("event_type", "at", "instance_id")',
    );
  }

  override down(): void {
    this.addSql('drop index if exists "audit_event_event_type_at_index"');
    this.addSql(
      'create index "audit_event_funnel_index" on "audit_event" ("at", "event_type", "from_state", "to_state", "instance_id")',
    );
    this.addSql('drop table if exists "stage_stay"');
  }
}
