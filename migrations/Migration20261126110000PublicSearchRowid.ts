import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';
import { SEARCH_ROWID_ORDER_INDEX_COLUMNS, linkSearchRowidsSql } from './public-search-rowid.sql';

/**
 * SQLite: public_listing links each row to its FTS5 row (see public-search-rowid.sql.ts), and
 * the listing's order index covers the link. PostgreSQL searches through its pg_trgm index and
 * has nothing to change.
 */
export class Migration20261126110000PublicSearchRowid extends Migration {
  override up(): void {
    if (isPostgres(this.config)) return;
    this.addSql('alter table `public_listing` add column `search_rowid` integer null');
    for (const statement of linkSearchRowidsSql()) this.addSql(statement);
    this.addSql('drop index `public_listing_order_index`');
    this.addSql(
      `create index \`public_listing_order_index\` on \`public_listing\` (${SEARCH_ROWID_ORDER_INDEX_COLUMNS.map((c) => `\`${c}\``).join(', ')})`,
    );
  }

  override down(): void {
    if (isPostgres(this.config)) return;
    this.addSql('drop index `public_listing_order_index`');
    this.addSql(
      'create index `public_listing_order_index` on `public_listing` (`created_at`, `achievement_id`)',
    );
    this.addSql('alter table `public_listing` drop column `search_rowid`');
  }
}
