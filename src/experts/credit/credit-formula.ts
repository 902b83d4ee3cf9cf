/**
 * The expert credit score (信誉分), pure. Every expert starts from `base`; facts move it:
 *
 *   credit = clamp(0, 100,
 *       base
 *     + onTimeBonus × min(onTime, onTimeCap)
 *     − latePenalty × late
 *     − lapsePenalty × lapsed
 *     − recusalPenalty × max(0, recusals − freeRecusals)
 *     − deviationPenalty × max(0, meanDeviation − deviationTolerance)
 *     − conflictPenalty × conflictsFoundLater
 *     − flagPenalty × flags)
 *
 * meanDeviation is the mean absolute distance, in points, of the expert's weighted scores from
 * their panels' trimmed means. The weights are settings (GET/PUT /api/evaluation/settings).
 */

export interface CreditFormula {
  base: number;
  onTimeBonus: number;
  onTimeCap: number;
  latePenalty: number;
  lapsePenalty: number;
  recusalPenalty: number;
  freeRecusals: number;
  deviationPenalty: number;
  deviationTolerance: number;
  conflictPenalty: number;
  flagPenalty: number;
}

export const DEFAULT_CREDIT_FORMULA: CreditFormula = {
  base: 80,
  onTimeBonus: 1,
  onTimeCap: 20,
  latePenalty: 3,
  lapsePenalty: 8,
  recusalPenalty: 1,
  freeRecusals: 2,
  deviationPenalty: 0.5,
  deviationTolerance: 10,
  conflictPenalty: 15,
  flagPenalty: 10,
};

export interface CreditFacts {
  assigned: number;
  accepted: number;
  onTime: number;
  late: number;
  lapsed: number;
  recusals: number;
  /** null when the expert has no closed panel yet. */
  meanDeviation: number | null;
  conflictsFoundLater: number;
  flags: number;
}

/** The facts of an expert who never held a seat. */
export const emptyCreditFacts = (): CreditFacts => ({
  assigned: 0,
  accepted: 0,
  onTime: 0,
  late: 0,
  lapsed: 0,
  recusals: 0,
  meanDeviation: null,
  conflictsFoundLater: 0,
  flags: 0,
});

/** How each term reads in the record's export. */
export const CREDIT_TERM_LABELS: Record<CreditTerm['input'], string> = {
  base: '基础分',
  assigned: '分派任务',
  accepted: '接受任务',
  onTime: '按时完成',
  late: '逾期提交',
  lapsed: '逾期失效',
  recusals: '申请回避',
  meanDeviation: '与专家组截尾均值的平均偏差',
  conflictsFoundLater: '事后发现的利益冲突',
  flags: '省办标记',
};

export interface CreditTerm {
  input: keyof CreditFacts | 'base';
  points: number;
}

export function creditScore(
  facts: CreditFacts,
  f: CreditFormula = DEFAULT_CREDIT_FORMULA,
): { score: number; terms: CreditTerm[] } {
  const terms: CreditTerm[] = [
    { input: 'base', points: f.base },
    { input: 'onTime', points: f.onTimeBonus * Math.min(facts.onTime, f.onTimeCap) },
    { input: 'late', points: -f.latePenalty * facts.late },
    { input: 'lapsed', points: -f.lapsePenalty * facts.lapsed },
    {
      input: 'recusals',
      points: -f.recusalPenalty * Math.max(0, facts.recusals - f.freeRecusals),
    },
    {
      input: 'meanDeviation',
      points: -f.deviationPenalty * Math.max(0, (facts.meanDeviation ?? 0) - f.deviationTolerance),
    },
    { input: 'conflictsFoundLater', points: -f.conflictPenalty * facts.conflictsFoundLater },
    { input: 'flags', points: -f.flagPenalty * facts.flags },
  ].map((t) => ({ ...t, points: Math.round(t.points * 100) / 100 })) as CreditTerm[];
  const raw = terms.reduce((a, t) => a + t.points, 0);
  return { score: Math.round(Math.min(100, Math.max(0, raw)) * 100) / 100, terms };
}
