import { ATTACHMENT_KIND_LABELS } from '../../attachments/attachment-labels';
import {
  ROLE_LABELS,
  actorRoleLabel,
  auditEventLabel,
  auditStateLabel,
} from '../../workflow/audit-labels';

/** Roles, events and states have one table each, shared with the exports (audit-labels.ts). */
export { ROLE_LABELS };

export { ATTACHMENT_KIND_LABELS };

export const CRITERION_LABELS: Record<string, string> = {
  innovation: '创新性',
  advancement: '先进性',
  significance: '重要性',
  benefit: '效益',
  maturity: '成熟度',
};

/** A state's words; with the workflow, its own words where another machine shares the code. */
export function stateLabel(state: string | null | undefined, workflow?: string | null): string {
  return auditStateLabel(state, workflow);
}

export function eventLabel(event: string, workflow?: string | null): string {
  return auditEventLabel(event, workflow);
}

export function roleLabel(role: string): string {
  return actorRoleLabel(role);
}

export function criterionLabel(key: string): string {
  return CRITERION_LABELS[key] ?? key;
}

/** Dates and times come from the one Asia/Shanghai formatter every output shares. */
export {
  formatDate,
  formatDateTime,
  formatDeadline,
  formatInterval,
  formatTimestamp,
} from '../../common/shanghai-time';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const CONCLUSION_LABELS: Record<string, string> = { pass: '通过', fail: '不通过' };

export const TEAM_KIND_LABELS: Record<string, string> = { staff: '省办工作人员', expert: '专家' };

export const TRACKING_TYPE_LABELS: Record<string, string> = {
  peer: '同行评价',
  market: '市场评价',
  thirdParty: '第三方评价',
};

export const TRACKING_RATING_LABELS: Record<string, string> = {
  excellent: '优秀',
  good: '良好',
  fair: '一般',
  poor: '较差',
};

export const LIBRARY_FLAG_LABELS: Record<string, string> = {
  provincialAwardRecommended: '推荐申报省科学技术奖',
  nationalAwardRecommended: '推荐申报国家科学技术奖',
  majorSpecialProject: '纳入省重大科技专项',
};

export const PROGRESS_STATUS_LABELS: Record<string, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已退回',
};
