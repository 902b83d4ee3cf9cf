import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';

/**
 * A covering index for the statistics' scans of a period: at 1,000,000 audit rows the funnel
 * read each row of the period from the table (its payload included) to look at five columns.
 */
export class Migration20261126022500AuditEventFunnelIndex extends Migration {
  override up(): void {
    this.addSql(
      isPostgres(this.config)
        ? 'create index "audit_event_funnel_index" on "audit_event" ("at", "event_type", "from_state", "to_state", "instance_id")'
        : 'create index `audit_event_funnel_index` on `audit_event` (`at`, `event_type`, `from_state`, `to_state`, `instance_id`)',
    );
  }

  override down(): void {
    this.addSql('drop index if exists "audit_event_funnel_index"');
  }
}
