import type { SnapshotFrom } from 'xstate';
import { v5 as uuidv5 } from 'uuid';
import {
  RANKING_REPORT_MACHINE_VERSION,
  REPORT_AUTHORITY,
  rankingReportMachine,
} from '../../workflows/ranking-report.machine';
import { authorityTableRules, type WorkflowDefinition } from '../workflow/workflow-definition';
import type { ReportEventType, ReportState } from '../../workflows/ranking-report.machine';

/** Fixed namespace: a period's report has the same id on every instance, so it exists once. */
const REPORT_NAMESPACE = '0b8e7f2a-4c1d-4e9b-8f3a-6d2c1b0a9e57';

export function reportInstanceId(period: string): string {
  return uuidv5(`ranking-report:${period}`, REPORT_NAMESPACE);
}

type ReportSnapshot = SnapshotFrom<typeof rankingReportMachine>;

const REPORT_STATE_LABELS: Record<ReportState, string> = {
  draft: '草稿',
  issued: '已印发',
};

const REPORT_EVENT_LABELS: Record<ReportEventType, string> = {
  REFRESH: '更新通报数据',
  ISSUE: '印发通报',
};

export const rankingReportWorkflow: WorkflowDefinition<typeof rankingReportMachine> = {
  name: 'rankingReport',
  labels: { states: REPORT_STATE_LABELS, events: REPORT_EVENT_LABELS },
  version: RANKING_REPORT_MACHINE_VERSION,
  machine: rankingReportMachine,
  stateOf: (snapshot: ReportSnapshot) => snapshot.value,
  batchOf: (snapshot: ReportSnapshot) => snapshot.context.period,
  inputOf: (snapshot) => ({ period: (snapshot.context as { period: string }).period }),
  ...authorityTableRules(REPORT_AUTHORITY),
};
