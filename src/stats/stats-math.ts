/** Pure arithmetic of the statistics: percentiles and the weighted league table. */

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (the common
 * "type 7" definition, as in spreadsheets' PERCENTILE.INC): median of [1, 2, 3, 4] is 2.5.
 * Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const { lower, upper, fraction } = percentileRank(sorted.length, p);
  return interpolate(sorted[lower], sorted[upper], fraction);
}

/**
 * Where the p-th percentile of n sorted values lies (see percentile): the two closest ranks
 * (0-based) and the fraction of the way from the lower to the upper, so a database can fetch
 * just those rows.
 */
export function percentileRank(
  n: number,
  p: number,
): { lower: number; upper: number; fraction: number } {
  if (p < 0 || p > 100) throw new RangeError(`percentile out of range: ${p}`);
  const rank = (p / 100) * (n - 1);
  const lower = Math.floor(rank);
  return { lower, upper: Math.ceil(rank), fraction: rank - lower };
}

/** The value `fraction` of the way from `lower` to `upper`. */
export function interpolate(lower: number, upper: number, fraction: number): number {
  return lower + (upper - lower) * fraction;
}

export const RANKING_INDICATORS = [
  'libraryEntries',
  'published',
  'landmark',
  'discipline',
] as const;
export type RankingIndicator = (typeof RANKING_INDICATORS)[number];
export type RankingWeights = Record<RankingIndicator, number>;

export interface RankingInput {
  key: string;
  name: string;
  /** Raw indicator values: counts, and discipline as a share 0–1. */
  values: Record<RankingIndicator, number>;
}

export interface RankingRow extends RankingInput {
  rank: number;
  /** Each indicator scaled to 0–100 against the best entry of the table. */
  normalised: Record<RankingIndicator, number>;
  score: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The league table: each indicator is scaled to 0–100 against the best entry (the best scores
 * 100, zero scores 0; an indicator nobody has scores 0 for all), the score is the weighted mean
 * of the scaled indicators, and entries sort by score, then name. Equal scores share a rank.
 */
export function rank(entries: readonly RankingInput[], weights: RankingWeights): RankingRow[] {
  const totalWeight = RANKING_INDICATORS.reduce((s, k) => s + weights[k], 0);
  const best = Object.fromEntries(
    RANKING_INDICATORS.map((k) => [k, Math.max(0, ...entries.map((e) => e.values[k]))]),
  ) as Record<RankingIndicator, number>;
  const scored = entries.map((e) => {
    const normalised = Object.fromEntries(
      RANKING_INDICATORS.map((k) => [k, best[k] > 0 ? round2((e.values[k] / best[k]) * 100) : 0]),
    ) as Record<RankingIndicator, number>;
    const score =
      totalWeight > 0
        ? round2(
            RANKING_INDICATORS.reduce(
              (s, k) => s + weights[k] * (best[k] > 0 ? (e.values[k] / best[k]) * 100 : 0),
              0,
            ) / totalWeight,
          )
        : 0;
    return { ...e, normalised, score };
  });
  scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
  // A tie takes the rank of the first entry with that score.
  let previous: { score: number; rank: number } | null = null;
  return scored.map((row, i) => {
    const rankNo = previous && previous.score === row.score ? previous.rank : i + 1;
    previous = { score: row.score, rank: rankNo };
    return { ...row, rank: rankNo };
  });
}

/**
 * Reporting discipline as a share 0–1 of a body's closed months: on time and nil reports count
 * fully, a late report counts half, a missed month nothing. Null when no month has closed.
 */
export function disciplineShare(c: {
  onTime: number;
  nil: number;
  late: number;
  missed: number;
}): number | null {
  const months = c.onTime + c.nil + c.late + c.missed;
  if (months === 0) return null;
  return (c.onTime + c.nil + 0.5 * c.late) / months;
}
