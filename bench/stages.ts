import type { AchievementEventType } from '../workflows/achievement.machine';

export type StageActor = 'submitter' | 'recommender' | 'office' | 'expert';

export interface Stage {
  event: AchievementEventType;
  /** Who sends it: the user whose job the step is. */
  by: StageActor;
  /** The user task's id in the BPMN model of the same process. */
  task: string;
  /** The state the item is in afterwards. */
  to: string;
}

/**
 * The benchmarked path: six approval stages from a unit's draft into the provincial library, each
 * one audited transition. The scoring policy is set to a quorum of one, so one expert's score
 * closes the scoring stage (the machine's eventless transition runs in the same send).
 */
export const STAGES: readonly Stage[] = [
  { event: 'SUBMIT', by: 'submitter', task: 'submit', to: 'recommendation' },
  { event: 'RECOMMEND', by: 'recommender', task: 'recommend', to: 'submitted' },
  { event: 'BATCH_CLOSE', by: 'office', task: 'batchClose', to: 'eligibilityCheck' },
  { event: 'PASS_ELIGIBILITY', by: 'office', task: 'eligibility', to: 'expertScoring' },
  { event: 'SUBMIT_SCORE', by: 'expert', task: 'expertScore', to: 'onSiteVerification' },
  { event: 'CONFIRM_VERIFICATION', by: 'office', task: 'verification', to: 'inLibrary' },
];

export const SCORE_SHEET = {
  innovation: 90,
  advancement: 88,
  significance: 85,
  benefit: 80,
  maturity: 92,
};

export const BENCH_SCORING = {
  weights: { innovation: 30, advancement: 25, significance: 20, benefit: 15, maturity: 10 },
  quorum: 1,
  threshold: 75,
};
