import { actorRoleLabel as roleLabel } from '../workflow/audit-labels';
import { securityEventLabel } from './security-event-kinds';
import type { SecurityRow } from './security-log.repository';
import { formatTimestamp } from '../common/shanghai-time';

const EXPORT_LABELS: Record<string, string> = {
  items: '成果清单',
  audit: '审计记录',
  expertRecords: '专家履职记录',
  securityLog: '安全日志',
  statsReport: '统计报告',
};

/** The reasons sign-ins, sessions and second factors record, in words (never the code). */
const REASON_LABELS: Record<string, string> = {
  unknownUser: '用户名不存在',
  wrongPassword: '密码错误',
  inactive: '账号已停用',
  invalid: '凭据无效',
  logout: '用户退出登录',
  revoked: '用户结束了该会话',
  account: '账号变更',
  accountChanged: '账号停用或变更',
  deactivated: '账号已停用',
  passwordChanged: '密码已修改或重置',
  secondFactorReset: '双因素认证被重置',
  idle: '长时间未操作',
  expired: '超过最长有效期',
};

function reason(value: unknown): string {
  const code = text(value);
  return code ? (REASON_LABELS[code] ?? '其他原因') : '';
}

function roles(value: unknown): string {
  return Array.isArray(value) ? value.map((r) => roleLabel(String(r))).join('、') : '';
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * What an entry's detail says, in words a person reads: never a code, never the raw JSON. Kinds
 * written by other features without a description here show their reason, if they give one.
 */
export function describeSecurityDetail(kind: string, detail: Record<string, unknown>): string {
  switch (kind) {
    case 'accessDenied':
      return `${text(detail.method)} ${text(detail.path)}`.trim();
    case 'userCreated':
      return `角色:${roles(detail.roles)}${detail.firstStart ? '(首次启动创建)' : ''}`;
    case 'rolesChanged': {
      const parts = [`角色:${roles(detail.rolesBefore)} → ${roles(detail.rolesAfter)}`];
      if (detail.organizationBefore !== detail.organizationAfter) parts.push('所属单位已变更');
      return parts.join(';');
    }
    case 'dataExported': {
      const what = EXPORT_LABELS[text(detail.what)] ?? '数据';
      const format = text(detail.format).toUpperCase();
      return `${what}${format ? `(${format})` : ''}`;
    }
    case 'fileDownloaded':
      return [text(detail.fileName), detail.itemId ? `成果 ${text(detail.itemId).slice(0, 8)}` : '']
        .filter(Boolean)
        .join(',');
    case 'loginThrottled':
      return detail.retryAfterSeconds ? `须等待 ${text(detail.retryAfterSeconds)} 秒` : '';
    case 'secondFactorFailed':
      return detail.failures ? `本次验证第 ${text(detail.failures)} 次错误` : '';
    case 'sessionRevoked':
      return [reason(detail.reason), detail.sessions ? `共 ${text(detail.sessions)} 个会话` : '']
        .filter(Boolean)
        .join(',');
    default:
      return reason(detail.reason);
  }
}

export const SECURITY_EXPORT_COLUMNS = [
  '序号',
  '时间',
  '事件',
  '操作人',
  '涉及账号',
  'IP 地址',
  '说明',
  '哈希',
];

/** One entry as a row of the export: labels and Beijing time, no codes. */
export function securityCells(r: SecurityRow): (string | number | null)[] {
  return [
    r.seq,
    formatTimestamp(r.at) ?? '—',
    securityEventLabel(r.kind),
    r.actorUsername ? `${r.actorName ?? ''}(${r.actorUsername})` : r.actorId ? '(未知用户)' : '—',
    r.username ?? '—',
    r.clientIp ?? '—',
    describeSecurityDetail(r.kind, r.detail),
    r.hash,
  ];
}
