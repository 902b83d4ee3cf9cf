import type { ActorRole } from '../../workflows/actor';
import type { PeriodEventType, PeriodState } from '../../workflows/collection-period.machine';
import type {
  CooperationEventType,
  CooperationStatus,
} from '../../workflows/cooperation-request.machine';
import type { EditionEventType, EditionStatus } from '../../workflows/edition.machine';
import type { ReportEventType, ReportState } from '../../workflows/ranking-report.machine';
import { EVENT_LABELS, STATE_LABELS } from '../achievements/achievement-labels';

/**
 * The words for every code the audit trail and its exports carry: workflow names, each machine's
 * states and events, the record-level events features write beside the machines, and the actor's
 * role. One table per code; the achievement machine's own live in achievement-labels.ts. A unit
 * test (audit-labels.spec.ts) fails when a machine or a feature adds a code without its words.
 */
export const WORKFLOW_LABELS: Record<string, string> = {
  achievement: '成果',
  collectionPeriod: '征集批次',
  rankingReport: '通报',
  edition: '发布刊期',
  cooperationRequest: '对接请求',
};

export const PERIOD_STATE_LABELS: Record<PeriodState, string> = {
  open: '征集中',
  closed: '已截止',
};

export const PERIOD_EVENT_LABELS: Record<PeriodEventType, string> = {
  CLOSE: '批次截止',
  REOPEN: '重新开放征集',
};

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  draft: '草稿',
  issued: '已印发',
};

export const REPORT_EVENT_LABELS: Record<ReportEventType, string> = {
  REFRESH: '更新通报数据',
  ISSUE: '印发通报',
};

/** `opening` is the machine's transient start; no row records it, but every state has words. */
export const EDITION_STATUS_LABELS: Record<EditionStatus | 'opening', string> = {
  opening: '新建',
  draft: '草稿',
  underReview: '审核中',
  issued: '已签发',
};

export const EDITION_EVENT_LABELS: Record<EditionEventType, string> = {
  SUBMIT_EDITION: '提交刊期审核',
  RETURN_EDITION: '刊期退回草稿',
  ISSUE_EDITION: '签发刊期',
};

/**
 * The cooperation request's words (src/transformation keeps the same table for its pages). Its
 * states submitted, accepted and closed share codes with other machines; those machines' words
 * stay on the shared codes in the audit view, the request's own pages use these.
 */
export const COOPERATION_STATE_LABELS: Record<CooperationStatus, string> = {
  submitted: '待单位答复',
  accepted: '单位已接受',
  declined: '单位已婉拒',
  meetingScheduled: '已约洽谈',
  negotiating: '商谈中',
  agreed: '已签约',
  closed: '已关闭',
};

export const COOPERATION_EVENT_LABELS: Record<CooperationEventType, string> = {
  ACCEPT_REQUEST: '接受对接请求',
  DECLINE_REQUEST: '婉拒对接请求',
  SCHEDULE_MEETING: '安排洽谈',
  START_NEGOTIATION: '进入商谈',
  AGREE: '签约成交',
  CLOSE_REQUEST: '关闭对接请求',
  STALE_CLOSE: '长期无进展自动关闭',
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

const ALL_EVENTS: Record<string, string> = {
  ...RECORD_EVENT_LABELS,
  ...PERIOD_EVENT_LABELS,
  ...REPORT_EVENT_LABELS,
  ...EDITION_EVENT_LABELS,
  ...COOPERATION_EVENT_LABELS,
  ...EVENT_LABELS,
};
const ALL_STATES: Record<string, string> = {
  // First: where a code is shared, the older machines' words stay.
  ...COOPERATION_STATE_LABELS,
  // Before the report's: both have `issued`, and the report's 已印发 stays as it was.
  ...EDITION_STATUS_LABELS,
  ...REPORT_STATE_LABELS,
  ...PERIOD_STATE_LABELS,
  ...STATE_LABELS,
};

/**
 * An audit event's words. An unknown code is returned as it is, so that the pages' and exports'
 * leak checks catch it rather than a blank hiding it.
 */
export function auditEventLabel(type: string): string {
  return Object.hasOwn(ALL_EVENTS, type) ? ALL_EVENTS[type] : type;
}

export function auditStateLabel(state: string | null | undefined): string {
  if (!state) return '—';
  return Object.hasOwn(ALL_STATES, state) ? ALL_STATES[state] : state;
}

export function workflowLabel(name: string): string {
  return Object.hasOwn(WORKFLOW_LABELS, name) ? WORKFLOW_LABELS[name] : name;
}

export function actorRoleLabel(role: string | null | undefined): string {
  if (!role) return '—';
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as ActorRole] : role;
}
