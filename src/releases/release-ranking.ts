/** A library item as the drafting cycles see it. */
export interface RankingCandidate {
  id: string;
  /** When the item last made progress: its latest approved progress report, else its entry. */
  progressAt: Date;
  /** When it entered the library: quarterly and annual editions draw on a period's entries. */
  enteredAt: Date;
  /** The panel's aggregate score, null if it has none. */
  score: number | null;
}

export const MONTHLY_PROPOSAL_SIZE = 5;
export const FEATURE_COOLDOWN_MONTHS = 6;

/**
 * The monthly report's proposal: newest progress first, then higher score, then id for a stable
 * order. An item featured in a recent edition is left out unless it has progressed since.
 */
export function rankMonthlyCandidates(
  candidates: readonly RankingCandidate[],
  lastFeaturedAt: ReadonlyMap<string, Date>,
  limit = MONTHLY_PROPOSAL_SIZE,
): RankingCandidate[] {
  return candidates
    .filter((c) => {
      const featured = lastFeaturedAt.get(c.id);
      return !featured || c.progressAt.getTime() > featured.getTime();
    })
    .sort(
      (a, b) =>
        b.progressAt.getTime() - a.progressAt.getTime() ||
        (b.score ?? -Infinity) - (a.score ?? -Infinity) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}

/** Highest score first (unscored last), then earlier progress, then id. */
export function rankByScore(
  candidates: readonly RankingCandidate[],
  limit: number,
): RankingCandidate[] {
  return [...candidates]
    .sort(
      (a, b) =>
        (b.score ?? -Infinity) - (a.score ?? -Infinity) ||
        a.progressAt.getTime() - b.progressAt.getTime() ||
        a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}

/** Points of a tracking evaluation's rating, on the panel's 0–100 scale. */
export const RATING_POINTS: Readonly<Record<string, number>> = {
  excellent: 100,
  good: 80,
  fair: 60,
  poor: 40,
};
/** How much the tracking evaluations weigh against the panel score in the annual shortlist. */
export const TRACKING_WEIGHT = 0.2;

/**
 * The annual shortlist's merit: the panel score, moved towards what the tracking evaluations
 * (peer, market, third party) found since: 80 % score and 20 % their mean rating. An item without
 * evaluations keeps its score, and an unscored one stays unscored.
 */
export function annualMerit(score: number | null, ratings: readonly string[]): number | null {
  if (score === null) return null;
  const points = ratings.map((r) => RATING_POINTS[r]).filter((p) => p !== undefined);
  if (points.length === 0) return score;
  const mean = points.reduce((s, p) => s + p, 0) / points.length;
  return Math.round(((1 - TRACKING_WEIGHT) * score + TRACKING_WEIGHT * mean) * 100) / 100;
}
