import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';

/**
 * The public catalogue's listing: one row per published item with what the public list sorts
 * and filters on, and its searchable text. Read through the join of achievement and
 * workflow_instance, the list had to collect every published item and sort it on each page
 * (7 s at 100,000 items); here each filter has an index in the list's order, so a page reads
 * its 21 rows and stops. Like the full-text index it is not an entity (see
 * schemaGenerator.skipTables): PublicSearchIndexService writes it in the transaction that
 * publishes or unpublishes an item. Items already published when this runs are listed here.
 */
export class Migration20261126015000PublicListing extends Migration {
  override up(): void {
    const pg = isPostgres(this.config);
    const q = (name: string) => (pg ? `"${name}"` : `\`${name}\``);
    const columns = pg
      ? '"achievement_id" uuid not null, "created_at" timestamptz not null, "city" varchar(255) not null, "domain_key" varchar(255) not null, "category" varchar(255) not null, "batch_year" int null, "document" text not null'
      : '`achievement_id` text not null, `created_at` datetime not null, `city` text not null, `domain_key` text not null, `category` text not null, `batch_year` integer null, `document` text not null';
    this.addSql(
      `create table ${q('public_listing')} (${columns}, constraint ${q('public_listing_pkey')} primary key (${q('achievement_id')}), constraint ${q('public_listing_achievement_id_foreign')} foreign key (${q('achievement_id')}) references ${q('achievement')} (${q('id')}) on update cascade on delete cascade)`,
    );
    // Newest first; each filter leads its own index so a filtered page walks it in order too.
    for (const lead of [null, 'city', 'domain_key', 'category', 'batch_year']) {
      const cols = [lead, 'created_at', 'achievement_id'].filter((c): c is string => c !== null);
      this.addSql(
        `create index ${q(`public_listing_${lead ?? 'order'}_index`)} on ${q('public_listing')} (${cols.map(q).join(', ')})`,
      );
    }
    const units = pg
      ? `(select string_agg(c->>'name', ' ') from jsonb_array_elements(a."completing_units") c)`
      : "(select group_concat(json_extract(c.value, '$.name'), ' ') from json_each(a.`completing_units`) c)";
    this.addSql(
      `insert into ${q('public_listing')} (${['achievement_id', 'created_at', 'city', 'domain_key', 'category', 'batch_year', 'document'].map(q).join(', ')})
       select a.${q('id')}, a.${q('created_at')}, o.${q('city')}, a.${q('domain_key')}, a.${q('category')},
         cast(substr(w.${q('batch_key')}, 1, 4) as integer),
         a.${q('title')} || ' ' || a.${q('summary')} || ' ' || o.${q('name')} || coalesce(' ' || ${units}, '')
       from ${q('achievement')} a
       join ${q('workflow_instance')} w on w.${q('id')} = a.${q('workflow_id')}
       join ${q('organization')} o on o.${q('id')} = a.${q('owner_organization_id')}
       where w.${q('state')} = 'published'`,
    );
  }

  override down(): void {
    this.addSql(
      isPostgres(this.config)
        ? 'drop table if exists "public_listing"'
        : 'drop table if exists `public_listing`',
    );
  }
}
