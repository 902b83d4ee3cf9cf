import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';

/**
 * The monthly draft's order (newest progress, then score, then id) as an index, so the proposal
 * reads the first few library entries in that order instead of sorting all of them: at 100,000
 * entries the sort alone was about a second of CPU. The expression must stay the one
 * ReleasesService uses in its ORDER BY, or the databases no longer match it to the index.
 */
export class Migration20261126060000LibraryProgressIndex extends Migration {
  override up(): void {
    this.addSql(
      isPostgres(this.config)
        ? 'create index "library_entry_progress_index" on "library_entry" ((case when "latest_progress_at" > "entered_at" then "latest_progress_at" else "entered_at" end) desc, "score" desc nulls last, "achievement_id")'
        : // SQLite sorts NULL lowest, so a descending score already puts the unscored last.
          'create index `library_entry_progress_index` on `library_entry` ((case when `latest_progress_at` > `entered_at` then `latest_progress_at` else `entered_at` end) desc, `score` desc, `achievement_id`)',
    );
  }

  override down(): void {
    this.addSql('drop index if exists "library_entry_progress_index"');
  }
}
