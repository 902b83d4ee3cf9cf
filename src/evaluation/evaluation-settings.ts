import type { Category } from '../reference/achievement-category';
import { DEFAULT_CREDIT_FORMULA, type CreditFormula } from '../experts/credit/credit-formula';
import { DEFAULT_REQUIRED_ATTACHMENTS } from './eligibility/eligibility-rules';

/** Admin-editable evaluation settings (GET/PUT /api/evaluation/settings). */
export interface EvaluationSettings {
  /** Panel size when the domain has none of its own. */
  panelSize: number;
  /** Strategic domain key → panel size. */
  panelSizeByDomain: Record<string, number>;
  /** Days an expert has to score. */
  deadlineDays: number;
  /** Reminders go out this many days before the deadline. */
  reminderDaysBefore: number[];
  /** Experts whose credit is below this are never assigned. */
  creditFloor: number;
  credit: CreditFormula;
  requiredAttachments: Partial<Record<Category, string[]>>;
}

export const DEFAULT_EVALUATION_SETTINGS: EvaluationSettings = {
  panelSize: 5,
  panelSizeByDomain: {},
  deadlineDays: 7,
  reminderDaysBefore: [2, 1],
  creditFloor: 60,
  credit: DEFAULT_CREDIT_FORMULA,
  requiredAttachments: DEFAULT_REQUIRED_ATTACHMENTS,
};

export function panelSizeFor(settings: EvaluationSettings, domain: string): number {
  return settings.panelSizeByDomain[domain] ?? settings.panelSize;
}
