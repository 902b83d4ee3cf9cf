import type { PeriodEventType, PeriodState } from '../workflows/collection-period.machine';
import type { EditionEventType, EditionStatus } from '../workflows/edition.machine';
import type { ReportEventType, ReportState } from '../workflows/ranking-report.machine';
import { achievementWorkflow } from './achievements/achievement-workflow.definition';
import { collectionPeriodWorkflow } from './collection/collection-period.definition';
import { editionWorkflow } from './releases/edition-workflow.definition';
import { rankingReportWorkflow } from './stats/ranking-report.definition';
import type { WorkflowDefinition, WorkflowLabels } from './workflow/workflow-definition';

const PERIOD_STATE_LABELS: Record<PeriodState, string> = {
  open: '征集中',
  closed: '已截止',
};

const PERIOD_EVENT_LABELS: Record<PeriodEventType, string> = {
  CLOSE: '批次截止',
  REOPEN: '重新开放征集',
};

const REPORT_STATE_LABELS: Record<ReportState, string> = {
  draft: '草稿',
  issued: '已印发',
};

const REPORT_EVENT_LABELS: Record<ReportEventType, string> = {
  REFRESH: '更新通报数据',
  ISSUE: '印发通报',
};

/** `opening` is the machine's transient start; no row records it, but every state has words. */
const EDITION_STATUS_LABELS: Record<EditionStatus | 'opening', string> = {
  opening: '新建',
  draft: '草稿',
  underReview: '审核中',
  issued: '已签发',
};

const EDITION_EVENT_LABELS: Record<EditionEventType, string> = {
  SUBMIT_EDITION: '提交刊期审核',
  RETURN_EDITION: '刊期退回草稿',
  ISSUE_EDITION: '签发刊期',
};

/**
 * A definition with the words for its states and events, for the workflows whose owners do not
 * yet supply them with the definition (the achievement's does). The copy shares every function
 * and the machine with the original; only the registry (verification, labels) holds it.
 */
function labelled<D extends WorkflowDefinition>(definition: D, labels: WorkflowLabels): D {
  return definition.labels ? definition : { ...definition, labels };
}

/**
 * Every workflow the application runs: what audit verification replays each instance through, and
 * where the audit trail's state and event words come from. The order is the labels' precedence
 * where two workflows share a code (see audit-labels.ts): the report's `issued` before the
 * edition's.
 */
export const ALL_WORKFLOWS: readonly WorkflowDefinition[] = [
  achievementWorkflow,
  labelled(collectionPeriodWorkflow, { states: PERIOD_STATE_LABELS, events: PERIOD_EVENT_LABELS }),
  labelled(rankingReportWorkflow, { states: REPORT_STATE_LABELS, events: REPORT_EVENT_LABELS }),
  labelled(editionWorkflow, { states: EDITION_STATUS_LABELS, events: EDITION_EVENT_LABELS }),
];
