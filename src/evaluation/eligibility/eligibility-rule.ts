import type { Category, LevelClaim } from '../../reference/achievement-category';
import type {
  CompletingUnit,
  Completer,
  Evidence,
  IpDeclaration,
} from '../../achievements/achievement.entity';

/** What the rules look at: the record, its attachments and the reference data in force. */
export interface EligibilitySubject {
  category: Category;
  levelClaim: LevelClaim | null;
  completingUnits: CompletingUnit[];
  completers: Completer[];
  ip: IpDeclaration | null;
  evidence: Evidence;
  /** Kinds of the item's current (not removed) attachments. */
  attachmentKinds: string[];
  topJournals: { name: string; issn: string; tier: string }[];
  /** Attachment kinds each category must carry. */
  requiredAttachments: Partial<Record<Category, string[]>>;
}

export interface RuleOutcome {
  passed: boolean;
  /** Why, in Chinese, for the office. */
  reason: string;
  /**
   * The rule could not decide from the record alone (the evidence is there but its wording does
   * not show what the rule looks for): the office judges. It counts as not passed, so passing the
   * item anyway needs the office's comment, like any failed rule.
   */
  judgement?: boolean;
}

/** One eligibility rule: data (key, label, categories) plus a small pure check. */
export interface EligibilityRule {
  key: string;
  label: string;
  /** The categories it applies to; 'all' for every category. */
  categories: readonly Category[] | 'all';
  check(subject: EligibilitySubject): RuleOutcome;
}

export const pass = (reason: string): RuleOutcome => ({ passed: true, reason });
export const fail = (reason: string): RuleOutcome => ({ passed: false, reason });
export const judge = (reason: string): RuleOutcome => ({ passed: false, reason, judgement: true });
export const filled = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim().length > 0;
