/**
 * What the security log records, with the words a person reads. The audit administrator's search
 * and export show the label, never the code.
 */
export const SECURITY_EVENT_LABELS = {
  loginSucceeded: '登录成功',
  loginFailed: '登录失败',
  loginThrottled: '登录受限(尝试过多)',
  logout: '退出登录',
  sessionRevoked: '会话被终止',
  sessionExpired: '会话超时',
  passwordChanged: '修改密码',
  passwordReset: '重置密码',
  secondFactorEnabled: '启用双因素认证',
  secondFactorFailed: '双因素认证失败',
  secondFactorReenrolled: '更换身份验证器',
  secondFactorDisabled: '关闭双因素认证',
  secondFactorReset: '重置双因素认证',
  userCreated: '创建账号',
  userDeactivated: '停用账号',
  userReactivated: '启用账号',
  rolesChanged: '变更角色',
  accessDenied: '越权访问被拒绝',
  dataExported: '导出数据',
  fileDownloaded: '下载文件',
  partnerRegistered: '对接方注册',
  partnerApproved: '对接方账号审核通过',
  partnerRefused: '对接方账号审核未通过',
} as const;

export type SecurityEventKind = keyof typeof SECURITY_EVENT_LABELS;

export const SECURITY_EVENT_KINDS = Object.keys(SECURITY_EVENT_LABELS) as SecurityEventKind[];

export function securityEventLabel(kind: string): string {
  return (SECURITY_EVENT_LABELS as Record<string, string>)[kind] ?? '其他安全事件';
}
