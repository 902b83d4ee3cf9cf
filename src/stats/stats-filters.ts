import { InvalidInputError, type FieldErrors } from '../common/domain-errors';
import type { StatsLookupsRepository } from './stats-lookups.repository';
import { periodLabel, shanghaiParts } from './stats-period';

/** What the dashboard's filters offer: every choice comes from the reference data. */
export interface StatsFilterOptions {
  /** Newest year first; each with its own key, its quarters and its months that have begun. */
  years: { year: number; periods: { key: string; label: string }[] }[];
  cities: string[];
  domains: { key: string; name: string; active: boolean }[];
}

/**
 * Refuses a city or a field the reference data does not know (400, per field): a typo or a
 * stale link must say so, not answer with a page of zeros.
 */
export async function checkStatsFilters(
  lookups: StatsLookupsRepository,
  filters: { city?: string; domain?: string },
): Promise<void> {
  const errors: FieldErrors = {};
  if (filters.city !== undefined && !(await lookups.cityExists(filters.city))) {
    errors.city = [`没有名为「${filters.city}」的设区市,请从列表中选择`];
  }
  if (filters.domain !== undefined && !(await lookups.domainExists(filters.domain))) {
    errors.domain = [`「${filters.domain}」不是“315”科技创新体系中的领域,请从列表中选择`];
  }
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
}

/**
 * The cities, the fields of the "315" list, and the periods from the year of the first item to
 * now (Asia/Shanghai): each year, its quarters and months that have begun.
 */
export async function statsFilterOptions(
  lookups: StatsLookupsRepository,
  now: Date,
): Promise<StatsFilterOptions> {
  const { cities, domains } = await lookups.filterChoices();
  const first = await lookups.firstItemCreatedAt();
  const today = shanghaiParts(now);
  const since = first ? Math.min(shanghaiParts(first).year, today.year) : today.year;
  const years: StatsFilterOptions['years'] = [];
  for (let year = today.year; year >= since; year--) {
    const months = year === today.year ? today.month : 12;
    const keys = [String(year)];
    for (let q = 1; q <= Math.ceil(months / 3); q++) keys.push(`${year}-Q${q}`);
    for (let m = 1; m <= months; m++) keys.push(`${year}-${String(m).padStart(2, '0')}`);
    years.push({ year, periods: keys.map((key) => ({ key, label: periodLabel(key) })) });
  }
  return {
    years,
    cities: cities.map((c) => c.name),
    domains: domains.map((d) => ({ key: d.key, name: d.name, active: d.active })),
  };
}
