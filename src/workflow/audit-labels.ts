import type { ActorRole } from '../../workflows/actor';
import type { WorkflowLabels } from './workflow-definition';

/**
 * The words for every code the audit trail and its exports carry: workflow names, each machine's
 * states and events, the record-level events features write beside the machines, and the actor's
 * role. A machine's states and events come with its definition (WorkflowDefinition.labels), which
 * the WorkflowRegistry hands here as the application registers it, so that this folder imports no
 * feature. A unit test (audit-labels.spec.ts) fails when a machine or a feature adds a code without
 * its words.
 */
export const WORKFLOW_LABELS: Record<string, string> = {
  achievement: '成果',
  collectionPeriod: '征集批次',
  rankingReport: '通报',
  edition: '发布刊期',
  cooperationRequest: '对接请求',
};

/** Audit rows that are not machine events: the record's creation and what features log. */
export const RECORD_EVENT_LABELS = {
  CREATE: '创建',
  ATTACHMENT_ADDED: '上传附件',
  ATTACHMENT_REMOVED: '删除附件',
  SCORING_CLOSED: '评分满额',
  always: '评分满额',
  CONFLICT_CLEARED: '认定不构成利益冲突',
  CONFLICT_CONFIRMED: '确认存在利益冲突',
  VERIFICATION_TEAM_FORMED: '组建核查组',
  VERIFICATION_SCHEDULED: '安排现场核查',
  VERIFICATION_PHOTO_ADDED: '上传现场照片',
  VERIFICATION_REPORTED: '记录核查结果',
  TRACKING_EVALUATION_RECORDED: '记录跟踪评价',
  LIBRARY_FLAGS_CHANGED: '调整成果库标注',
  PROGRESS_SUBMITTED: '提交最新进展',
  PROGRESS_APPROVED: '最新进展审核通过',
  PROGRESS_REJECTED: '最新进展被退回',
  SNAPSHOT_MIGRATED: '流程版本升级',
} as const;

export const ROLE_LABELS: Record<ActorRole, string> = {
  submitter: '成果申报人',
  recommender: '推荐单位',
  officeStaff: '省科技厅成果处',
  expert: '评审专家',
  admin: '系统管理员',
  securityAdmin: '安全管理员',
  auditAdmin: '审计管理员',
  partner: '对接方',
  system: '系统',
};

/**
 * The registered workflows' labels, in the order they were first registered. The pages and exports
 * call the label functions below as plain functions, so the table is the process's, not a
 * provider's; registering a workflow again (another application in the same process) replaces its
 * words in place. Where two workflows share a code the first registered keeps it: the report's
 * `issued` (已印发) before the edition's, as the application registers them.
 */
const registered = new Map<string, WorkflowLabels>();

export function registerWorkflowLabels(workflow: string, labels: WorkflowLabels): void {
  registered.set(workflow, labels);
}

function lookUp(
  code: string,
  table: 'states' | 'events',
  workflow?: string | null,
): string | undefined {
  // The row's own workflow first: a cooperation request's `submitted` is not an item's.
  const own = workflow ? registered.get(workflow) : undefined;
  if (own && Object.hasOwn(own[table], code)) return own[table][code];
  for (const labels of registered.values()) {
    if (Object.hasOwn(labels[table], code)) return labels[table][code];
  }
  return undefined;
}

/**
 * An audit event's words. An unknown code is returned as it is, so that the pages' and exports'
 * leak checks catch it rather than a blank hiding it.
 */
export function auditEventLabel(type: string, workflow?: string | null): string {
  const machine = lookUp(type, 'events', workflow);
  if (machine !== undefined) return machine;
  return Object.hasOwn(RECORD_EVENT_LABELS, type)
    ? RECORD_EVENT_LABELS[type as keyof typeof RECORD_EVENT_LABELS]
    : type;
}

export function auditStateLabel(
  state: string | null | undefined,
  workflow?: string | null,
): string {
  if (!state) return '—';
  return lookUp(state, 'states', workflow) ?? state;
}

export function workflowLabel(name: string): string {
  return Object.hasOwn(WORKFLOW_LABELS, name) ? WORKFLOW_LABELS[name] : name;
}

export function actorRoleLabel(role: string | null | undefined): string {
  if (!role) return '—';
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as ActorRole] : role;
}
