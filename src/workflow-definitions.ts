import { achievementWorkflow } from './achievements/achievement-workflow.definition';
import { collectionPeriodWorkflow } from './collection/collection-period.definition';
import { editionWorkflow } from './releases/edition-workflow.definition';
import { rankingReportWorkflow } from './stats/ranking-report.definition';
import { cooperationRequestWorkflow } from './transformation/cooperation-request.definition';
import type { WorkflowDefinition } from './workflow/workflow-definition';

/**
 * Every workflow the application runs: what audit verification replays each instance through, and
 * where the audit trail's state and event words come from. The order is the labels' precedence
 * where two workflows share a code (see audit-labels.ts): the report's `issued` before the
 * edition's.
 */
export const ALL_WORKFLOWS: readonly WorkflowDefinition[] = [
  achievementWorkflow,
  collectionPeriodWorkflow,
  rankingReportWorkflow,
  editionWorkflow,
  cooperationRequestWorkflow,
];
