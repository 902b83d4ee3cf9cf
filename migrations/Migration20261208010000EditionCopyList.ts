import { Migration } from '@mikro-orm/migrations';
import { isPostgres } from './dialect';

/**
 * An edition's 抄送 list next to its 报 list (distribution_list): the closing block of an issued
 * document prints both. Null means the office's default copy list (a setting) applies.
 */
export class Migration20261208010000EditionCopyList extends Migration {
  override up(): void {
    this.addSql(
      isPostgres(this.config)
        ? 'alter table "release_edition" add column "copy_list" jsonb null'
        : 'alter table `release_edition` add column `copy_list` json null',
    );
  }

  override down(): void {
    this.addSql(
      isPostgres(this.config)
        ? 'alter table "release_edition" drop column "copy_list"'
        : 'alter table `release_edition` drop column `copy_list`',
    );
  }
}
