import { Migration } from '@mikro-orm/migrations';
import { REFERENCE_SEED } from './data/reference-seed';

/**
 * Reference data the system cannot start without. Cities are certain. The 15 strategic fields
 * of the "315" system have no checked source yet, so they are seeded as provisional and the
 * province corrects them through /api/reference/domains (see ../shared/domain.md). The lists come from data/reference-seed.json.
 */
const CITIES = REFERENCE_SEED.cities.map((c) => c.name);
const SUB_PROVINCIAL = new Set(
  REFERENCE_SEED.cities.filter((c) => c.subProvincial).map((c) => c.name),
);
const DOMAINS: [key: string, name: string, highland: string][] = REFERENCE_SEED.domains.map((d) => [
  d.key,
  d.name,
  d.highland,
]);

export class Migration20261125171400ReferenceData extends Migration {
  override up(): void {
    const knex = this.getKnex();
    this.addSql(
      knex('city').insert(
        CITIES.map((name, i) => ({
          name,
          sub_provincial: SUB_PROVINCIAL.has(name),
          sort_order: i + 1,
        })),
      ),
    );
    this.addSql(
      knex('strategic_domain').insert(
        DOMAINS.map(([key, name, highland], i) => ({
          key,
          name,
          highland,
          provisional: true,
          active: true,
          sort_order: i + 1,
        })),
      ),
    );
  }

  override down(): void {
    const knex = this.getKnex();
    this.addSql(
      knex('strategic_domain')
        .whereIn(
          'key',
          DOMAINS.map(([key]) => key),
        )
        .delete(),
    );
    this.addSql(knex('city').whereIn('name', CITIES).delete());
  }
}
