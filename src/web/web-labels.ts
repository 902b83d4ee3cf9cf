import { EVENT_LABELS, STATE_LABELS } from '../achievements/achievement-labels';

/** Words on the console's screens that the API does not already label. */
export const ROLE_LABELS: Record<string, string> = {
  submitter: '成果申报人',
  recommender: '推荐单位',
  officeStaff: '省科技厅成果处',
  expert: '评审专家',
  admin: '系统管理员',
  system: '系统',
};

export { ATTACHMENT_KIND_LABELS } from '../attachments/attachment-labels';

export const CRITERION_LABELS: Record<string, string> = {
  innovation: '创新性',
  advancement: '先进性',
  significance: '重要性',
  benefit: '效益',
  maturity: '成熟度',
};

/** Record-level audit events that are not machine events. */
const RECORD_EVENT_LABELS: Record<string, string> = {
  CREATE: '创建',
  ATTACHMENT_ADDED: '上传附件',
  ATTACHMENT_REMOVED: '删除附件',
  always: '评分满额',
};

export function stateLabel(state: string | null | undefined): string {
  if (!state) return '—';
  return (STATE_LABELS as Record<string, string>)[state] ?? state;
}

export function eventLabel(event: string): string {
  return (EVENT_LABELS as Record<string, string>)[event] ?? RECORD_EVENT_LABELS[event] ?? event;
}

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

export function criterionLabel(key: string): string {
  return CRITERION_LABELS[key] ?? key;
}

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const DATE = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Instants are shown in Beijing time, the only time zone the system's users live in. */
export function formatDateTime(at: string | Date | null | undefined): string {
  return at ? DATE_TIME.format(new Date(at)) : '—';
}

export function formatDate(at: string | Date | null | undefined): string {
  return at ? DATE.format(new Date(at)) : '—';
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A close "at 24:00" of a day reads as that day's 24:00, not as 00:00 of the next. */
export function formatDeadline(at: string | Date | null | undefined): string {
  if (!at) return '—';
  const instant = new Date(at);
  const shanghai = new Date(instant.getTime() + 8 * 3600 * 1000);
  if (shanghai.getUTCHours() === 0 && shanghai.getUTCMinutes() === 0) {
    return `${DATE.format(new Date(instant.getTime() - 1))} 24:00`;
  }
  return DATE_TIME.format(instant);
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
