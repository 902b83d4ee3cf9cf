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
