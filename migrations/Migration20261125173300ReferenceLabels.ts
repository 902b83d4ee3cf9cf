import { Migration } from '@mikro-orm/migrations';
import { REFERENCE_SEED } from './data/reference-seed';

/** Seeds the editable display names of categories and organisation types from the repo's seed file. */
export class Migration20261125173300ReferenceLabels extends Migration {
  override up(): void {
    const rows = [
      ...REFERENCE_SEED.categories.map((c, i) => ({
        kind: 'category',
        key: c.key,
        label: c.label,
        description: c.description ?? null,
        sort_order: i + 1,
      })),
      ...REFERENCE_SEED.organizationTypes.map((t, i) => ({
        kind: 'organizationType',
        key: t.key,
        label: t.label,
        description: null,
        sort_order: i + 1,
      })),
    ];
    this.addSql(this.getKnex()('reference_label').insert(rows));
  }

  override down(): void {
    this.addSql(
      this.getKnex()('reference_label').whereIn('kind', ['category', 'organizationType']).delete(),
    );
  }
}
