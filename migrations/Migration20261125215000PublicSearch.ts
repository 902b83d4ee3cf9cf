import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';

/**
 * The public catalogue's full-text index over title, summary and units, which must work for
 * Chinese (no word boundaries): SQLite's FTS5 `trigram` tokenizer (SQLite ≥ 3.34), PostgreSQL's
 * pg_trgm with a GIN index. Neither is an entity (see schemaGenerator.skipTables); rows are written
 * by PublicSearchIndexService in the transaction that publishes or unpublishes an item. Items
 * already published when this runs are indexed here.
 */
export class Migration20261125215000PublicSearch extends Migration {
  override up(): void {
    const statements = isPostgres(this.config)
      ? [
          'create extension if not exists pg_trgm',
          'create table "achievement_search" ("achievement_id" uuid not null, "title" text not null, "summary" text not null, "units" text not null, "document" text not null, constraint "achievement_search_pkey" primary key ("achievement_id"), constraint "achievement_search_achievement_id_foreign" foreign key ("achievement_id") references "achievement" ("id") on update cascade on delete cascade)',
          'create index "achievement_search_document_trgm" on "achievement_search" using gin ("document" gin_trgm_ops)',
          `insert into "achievement_search" ("achievement_id", "title", "summary", "units", "document")
           select a."id", a."title", a."summary", u."units", a."title" || ' ' || a."summary" || ' ' || u."units"
           from "achievement" a
           join "workflow_instance" w on w."id" = a."workflow_id"
           join "organization" o on o."id" = a."owner_organization_id"
           cross join lateral (
             select o."name" || coalesce(' ' || string_agg(c->>'name', ' '), '') as "units"
             from jsonb_array_elements(a."completing_units") c
           ) u
           where w."state" = 'published'`,
        ]
      : [
          "create virtual table `achievement_fts` using fts5(`achievement_id` unindexed, `title`, `summary`, `units`, tokenize = 'trigram')",
          `insert into \`achievement_fts\` (\`achievement_id\`, \`title\`, \`summary\`, \`units\`)
           select a.\`id\`, a.\`title\`, a.\`summary\`,
             o.\`name\` || coalesce(' ' || (select group_concat(json_extract(c.value, '$.name'), ' ') from json_each(a.\`completing_units\`) c), '')
           from \`achievement\` a
           join \`workflow_instance\` w on w.\`id\` = a.\`workflow_id\`
           join \`organization\` o on o.\`id\` = a.\`owner_organization_id\`
           where w.\`state\` = 'published'`,
        ];
    for (const sql of statements) this.addSql(sql);
  }

  override down(): void {
    this.addSql(
      isPostgres(this.config)
        ? 'drop table if exists "achievement_search"'
        : 'drop table if exists `achievement_fts`',
    );
  }
}
