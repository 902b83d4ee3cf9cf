/**
 * Pure scoring arithmetic for expert panels. Shared by the machine (which decides pass/fail) and
 * the host (which validates score sheets against the policy before they reach the machine).
 */

export interface ScoringPolicy {
  /** Criterion key → weight. Weights need not sum to 100; the weighted score is normalised. */
  weights: Record<string, number>;
  /** How many score sheets close the scoring stage. */
  quorum: number;
  /** Aggregate (0–100) at or above which the item passes. */
  threshold: number;
  /**
   * When the spread of a complete panel's weighted scores (max − min) exceeds this, the panel
   * disagrees too much for the mean to decide, and the item goes to the consensus step. Policies
   * stored before this field existed read as the default.
   */
  spreadGap?: number;
}

export const DEFAULT_SCORING_POLICY: ScoringPolicy = {
  weights: { innovation: 30, advancement: 25, significance: 20, benefit: 15, maturity: 10 },
  quorum: 5,
  threshold: 75,
  spreadGap: 60,
};

/** The consensus gap of a policy, with the default for policies stored before it existed. */
export function spreadGapOf(policy: ScoringPolicy): number {
  return policy.spreadGap ?? (DEFAULT_SCORING_POLICY.spreadGap as number);
}

/** max − min of the scores; 0 for none. */
export function spread(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return round2(Math.max(...values) - Math.min(...values));
}

/** True when a complete panel disagrees by more than the policy's gap. */
export function needsConsensus(values: readonly number[], policy: ScoringPolicy): boolean {
  return spread(values) > spreadGapOf(policy);
}

/** Rounds to two decimals so that stored aggregates are stable across databases and runtimes. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The weighted mean of one expert's criterion scores. */
export function weightedScore(
  criteria: Record<string, number>,
  weights: Record<string, number>,
): number {
  let sum = 0;
  let weightSum = 0;
  for (const [key, weight] of Object.entries(weights)) {
    sum += (criteria[key] ?? 0) * weight;
    weightSum += weight;
  }
  return weightSum === 0 ? 0 : round2(sum / weightSum);
}

/**
 * The panel aggregate: with five or more scores the highest and the lowest are dropped
 * (去掉一个最高分和一个最低分), as Chinese expert panels customarily do; below five every score counts.
 */
export function trimmedMean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const kept = sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
  return round2(kept.reduce((a, b) => a + b, 0) / kept.length);
}

/** Names each problem of a score sheet against the policy; an empty list means the sheet is valid. */
export function scoreSheetProblems(
  criteria: Record<string, unknown>,
  weights: Record<string, number>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const key of Object.keys(weights)) {
    const value = criteria[key];
    if (value === undefined) problems[key] = `缺少评分项 ${key}`;
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100)
      problems[key] = `评分项 ${key} 必须是 0–100 之间的数字`;
  }
  for (const key of Object.keys(criteria)) {
    if (!(key in weights)) problems[key] = `未知的评分项 ${key}`;
  }
  return problems;
}

/** Longest comment an expert may write on one criterion. */
export const CRITERION_COMMENT_MAX = 1000;

/**
 * What is wrong with a sheet's per-criterion comments, keyed by criterion: each must name a
 * criterion of the policy and be text of at most CRITERION_COMMENT_MAX characters.
 */
export function criterionCommentProblems(
  comments: Record<string, unknown>,
  weights: Record<string, number>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, value] of Object.entries(comments)) {
    if (!(key in weights)) problems[key] = `未知的评分项 ${key}`;
    else if (typeof value !== 'string') problems[key] = `评分项 ${key} 的意见必须是文字`;
    else if (value.length > CRITERION_COMMENT_MAX)
      problems[key] = `评分项 ${key} 的意见不能超过 ${CRITERION_COMMENT_MAX} 字`;
  }
  return problems;
}
