import type { EligibilityRule, EligibilitySubject } from './eligibility-rule';
import { chokepointIndustrializationRule } from './rules/chokepoint-industrialization.rule';
import { ipUndisputedRule } from './rules/ip-undisputed.rule';
import { levelClaimRule } from './rules/level-claim.rule';
import { nationalProjectProofRule } from './rules/national-project-proof.rule';
import { requiredAttachmentsRule } from './rules/required-attachments.rule';
import { topJournalPaperRule } from './rules/top-journal-paper.rule';
import { unitsAndCompletersRule } from './rules/units-and-completers.rule';

/** The registry: a new rule is one file under rules/ and one line here. */
export const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  topJournalPaperRule,
  chokepointIndustrializationRule,
  nationalProjectProofRule,
  ipUndisputedRule,
  unitsAndCompletersRule,
  levelClaimRule,
  requiredAttachmentsRule,
];

export interface ChecklistEntry {
  rule: string;
  label: string;
  passed: boolean;
  reason: string;
  /** Needs the office's judgement (see RuleOutcome). */
  judgement?: boolean;
}

/** Runs the rules that apply to the subject's category, in registry order. */
export function runEligibilityRules(
  subject: EligibilitySubject,
  rules: readonly EligibilityRule[] = ELIGIBILITY_RULES,
): ChecklistEntry[] {
  return rules
    .filter((r) => r.categories === 'all' || r.categories.includes(subject.category))
    .map((r) => ({ rule: r.key, label: r.label, ...r.check(subject) }));
}

/** Default required attachments per category; editable in the evaluation settings. */
export const DEFAULT_REQUIRED_ATTACHMENTS: EligibilitySubject['requiredAttachments'] = {
  basicResearch: [],
  techBreakthrough: [],
  majorApplication: ['applicationProof'],
};
