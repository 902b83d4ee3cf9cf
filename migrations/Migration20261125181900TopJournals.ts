import { Migration } from '@mikro-orm/migrations';
import { randomUUID } from 'node:crypto';
import { TOP_JOURNAL_SEED } from './data/top-journals';

/** The starting top-journal list (data/top-journals.json); admins edit it afterwards. */
export class Migration20261125181900TopJournals extends Migration {
  override up(): void {
    const knex = this.getKnex();
    const now = new Date('2026-11-25T00:00:00Z');
    this.addSql(
      knex('top_journal').insert(
        TOP_JOURNAL_SEED.journals.map((j) => ({
          id: randomUUID(),
          name: j.name,
          issn: j.issn,
          tier: j.tier,
          active: true,
          updated_at: now,
        })),
      ),
    );
  }

  override down(): void {
    const knex = this.getKnex();
    this.addSql(
      knex('top_journal')
        .whereIn(
          'issn',
          TOP_JOURNAL_SEED.journals.map((j) => j.issn),
        )
        .del(),
    );
  }
}
