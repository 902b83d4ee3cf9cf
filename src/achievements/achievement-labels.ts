import type { AchievementEventType, AchievementState } from '../../workflows/achievement.machine';

/** What people see. Identifiers stay English; the words on screen and in messages are Chinese. */
export const STATE_LABELS: Record<AchievementState, string> = {
  draft: '草稿',
  recommendation: '待推荐',
  returned: '退回修改',
  submitted: '已报送',
  eligibilityCheck: '形式审查',
  expertScoring: '专家评审',
  consensus: '专家协商',
  onSiteVerification: '现场核查',
  inLibrary: '已入库',
  published: '已发布',
  suspended: '争议暂停',
  rejected: '未通过',
  withdrawn: '已撤回',
  revoked: '已撤销',
};

export const EVENT_LABELS: Record<AchievementEventType, string> = {
  SUBMIT: '提交推荐',
  RECOMMEND: '择优推荐',
  DECLINE: '不予推荐',
  RETURN_FOR_AMENDMENT: '退回修改',
  RESUBMIT: '重新提交',
  WITHDRAW: '撤回',
  BATCH_CLOSE: '批次截止',
  PASS_ELIGIBILITY: '形式审查通过',
  REJECT: '形式审查不通过',
  SUBMIT_SCORE: '提交评分',
  REVISE_SCORE: '修改评分',
  ASSIGN_PANEL: '调整评审专家组',
  RECUSE: '专家回避',
  DECIDE_CONSENSUS: '协商决定',
  OPEN_SECOND_ROUND: '开启第二轮评审',
  CONFIRM_VERIFICATION: '核查通过',
  FAIL_VERIFICATION: '核查不通过',
  PUBLISH: '发布',
  RAISE_DISPUTE: '登记争议',
  RESOLVE_DISPUTE: '争议解决',
  REVOKE: '撤销',
};

/** Labels for the state diagram; `always` is the eventless close of scoring. */
export const ACHIEVEMENT_DIAGRAM_LABELS = {
  state: STATE_LABELS,
  event: { ...EVENT_LABELS, always: '评分满额' } as Record<string, string>,
};
