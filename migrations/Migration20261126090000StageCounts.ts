import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';
import { STAGE_COUNTS_UP } from './frozen/stage-counts-20261126090000.sql';

/**
 * The statistics' count tables (STAY_AGGREGATES in src/stats/stage-stays.sql.ts: funnel entries by
 * month, stage and three groupings of the item's dimensions, stay durations, review decisions), so
 * a dashboard query sums the rows of its period instead of reading every entry, stay or decision of
 * it: at 100,000 items a year's funnel read about 450,000 index entries. The stays are recreated
 * with the item's domain, category and batch (the counts group by the first two, reporting
 * discipline reads the batch through its own index) and without the two indexes only the old
 * queries read. Everything is rebuilt from the audit trail by a frozen copy (frozen/) of the
 * statements the runner listener and the bench's seeding used then. Not entities (see
 * schemaGenerator.skipTables).
 */
export class Migration20261126090000StageCounts extends Migration {
  override up(): void {
    const pg = isPostgres(this.config);
    for (const sql of STAGE_COUNTS_UP[pg ? 'postgresql' : 'sqlite']) {
      this.addSql(sql);
    }
  }

  override down(): void {
    // Back to the earlier shape, rows kept: the indexes go first, as SQLite will not drop an
    // indexed column.
    for (const sql of [
      'drop table if exists "stage_duration"',
      'drop table if exists "stage_decision"',
      'drop table if exists "stage_count_field"',
      'drop table if exists "stage_count_body"',
      'drop table if exists "stage_count"',
      'drop index if exists "stage_stay_arrival_index"',
      'alter table "stage_stay" drop column "batch_key"',
      'alter table "stage_stay" drop column "category"',
      'alter table "stage_stay" drop column "domain_key"',
      'create index "stage_stay_entered_index" on "stage_stay" ("entered_at", "metric", "metric_prev_at", "library_prev_at", "entered_event", "city", "body_id", "instance_id") where "metric" is not null',
      'create index "stage_stay_duration_index" on "stage_stay" ("state", "duration_ms", "left_at", "city", "instance_id") where "left_at" is not null',
    ]) {
      this.addSql(sql);
    }
  }
}
