/**
 * The second step before an action that cannot be undone: the question names what will happen.
 * Buttons carry it as `data-confirm`; app.js asks before the form is sent (plain post or htmx).
 */
export const CONFIRMATIONS: Record<string, string> = {
  WITHDRAW:
    '撤回后本成果的申报即告终止,不能再提交或恢复(之后可在本页「复制为新草稿」重新申报)。确定撤回吗?',
  DECLINE: '不予推荐后本成果的申报即告终止,申报单位不能再修改提交。确定不予推荐吗?',
  REJECT: '形式审查不通过后本成果的申报即告终止。确定不通过吗?',
  BATCH_CLOSE: '批次截止后,本批次已报送的成果将进入形式审查,不能再撤回。确定截止吗?',
  CONFIRM_VERIFICATION: '核查通过后本成果将进入成果库,此结论不能撤回。确定核查通过吗?',
  FAIL_VERIFICATION: '核查不通过后本成果的申报即告终止,不能入库。确定核查不通过吗?',
  'DECIDE_CONSENSUS:pass': '协商决定通过后,本成果将进入现场核查,此决定不能撤回。确定通过吗?',
  'DECIDE_CONSENSUS:reject': '协商决定不通过后,本成果的申报即告终止。确定不通过吗?',
  REVOKE: '撤销后本成果将从成果库和公开平台撤下,不能恢复。确定撤销吗?',
  ISSUE: '签发后本期刊物即正式发布,公开可见,不能撤回。确定签发吗?',
  USER_DEACTIVATE: '停用后该账号立即不能登录,已登录的会话随即失效。确定停用吗?',
  USER_PASSWORD_RESET:
    '重置后原密码立即失效,该用户已登录的会话随即结束;新的一次性密码只显示一次,用户下次登录时须修改。确定重置密码吗?',
  USER_SECOND_FACTOR_RESET:
    '重置后该用户的身份验证器和恢复码立即失效,已登录的会话随即结束;其角色须启用双因素认证的,下次登录时须重新绑定。确定重置双因素认证吗?',
  USER_ROLES: '变更角色后该账号已登录的会话将失效,须重新登录。确定变更角色吗?',
};

export function confirmationFor(choice: string): string | undefined {
  return CONFIRMATIONS[choice];
}
