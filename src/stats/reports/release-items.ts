import type { EditionKind } from '../../releases/release-edition.entity';
import type { StatsPeriod } from '../stats-period';
import type { StatsLookupsRepository } from '../stats-lookups.repository';
import type { StatsRepository } from '../stats.repository';
import type { ItemDims, StatsFilters } from '../stats.types';

type DimFilters = Omit<Partial<StatsFilters>, 'period'>;

/** The repository's `items` a chunk of ids at a time (a statement binds a bounded list). */
const CHUNK = 500;

export async function itemsByIds(
  repo: StatsRepository,
  filters: DimFilters,
  ids: readonly string[],
): Promise<Map<string, ItemDims>> {
  const items = new Map<string, ItemDims>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const [id, item] of await repo.items(filters, ids.slice(i, i + CHUNK))) {
      items.set(id, item);
    }
  }
  return items;
}

/** Items selected in an edition issued in the period, with the filters and their dimensions. */
export async function releaseRows(
  repo: StatsRepository,
  lookups: StatsLookupsRepository,
  period: StatsPeriod,
  filters: DimFilters,
): Promise<{ item: ItemDims; kind: EditionKind; issuedAt: Date }[]> {
  const rows = await lookups.releaseSelections(period);
  const items = await repo.items(filters, [...new Set(rows.map((r) => r.itemId))]);
  return rows.flatMap((r) => {
    const item = items.get(r.itemId);
    return item ? [{ item, kind: r.kind, issuedAt: r.issuedAt }] : [];
  });
}

/**
 * Landmark results of a year: the items selected on its issued annual list (the last issued
 * correction, when there is one), with the filters; none before the list is issued.
 */
export async function landmarks(
  repo: StatsRepository,
  lookups: StatsLookupsRepository,
  year: number,
  filters: DimFilters,
): Promise<Map<string, ItemDims>> {
  const ids = await lookups.annualListItems(year);
  return ids.length ? repo.items(filters, ids) : new Map();
}
