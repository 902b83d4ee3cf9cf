import type {
  AchievementEventType,
  AchievementState,
  UserRole,
} from '../../../workflows/achievement.machine';
import { hasRole, type AuthUser } from '../../access/auth-user';
import type { WorklistOrder, WorklistSpec } from './worklist.repository';

/** One group of 我的待办: the items in a state on which the user may send an event now. */
export interface GroupDef extends WorklistSpec {
  key: string;
  title: string;
  action: string;
  /** The order under "by deadline"; without one, the group has no deadlines and sorts by update. */
  deadlineOrder?: WorklistOrder;
  link?: string;
}

const SUBMITTER_GROUPS: GroupDef[] = [
  {
    key: 'drafts',
    title: '草稿(待完善并提交)',
    state: 'draft',
    event: 'SUBMIT',
    action: '完善并提交推荐',
  },
  {
    key: 'returned',
    title: '退回修改',
    state: 'returned',
    event: 'RESUBMIT',
    action: '按意见修改后重新提交',
  },
];
const RECOMMEND: GroupDef = {
  key: 'recommend',
  title: '待本单位推荐',
  state: 'recommendation',
  event: 'RECOMMEND',
  action: '审核并择优推荐',
  deadlineOrder: 'arrival',
};
const office = (
  key: string,
  title: string,
  state: AchievementState,
  event: AchievementEventType,
  action: string,
  extra: Partial<GroupDef> = {},
): GroupDef => ({ key, title, state, event, action, ...extra });
const OFFICE_GROUPS: GroupDef[] = [
  office('batch', '已报送待批次截止', 'submitted', 'BATCH_CLOSE', '批次截止后进入形式审查'),
  office('eligibility', '形式审查', 'eligibilityCheck', 'PASS_ELIGIBILITY', '作出形式审查决定'),
  office('panels', '专家组待确认', 'expertScoring', 'ASSIGN_PANEL', '补足专家组或认定利益冲突', {
    link: '/review',
  }),
  office(
    'consensus',
    '评审分歧待协商',
    'consensus',
    'DECIDE_CONSENSUS',
    '协商决定或开启第二轮评审',
    {
      link: '/review',
    },
  ),
  office(
    'verification',
    '现场核查待确认',
    'onSiteVerification',
    'CONFIRM_VERIFICATION',
    '组建核查组、安排核查并确认结果',
    { deadlineOrder: 'visit' },
  ),
  office('disputes', '争议处理', 'suspended', 'RESOLVE_DISPUTE', '处理争议'),
  office('publish', '已入库待发布', 'inLibrary', 'PUBLISH', '发布成果'),
];
const SCORING: GroupDef = {
  key: 'scoring',
  title: '待我评分',
  state: 'expertScoring',
  event: 'SUBMIT_SCORE',
  action: '按评分标准打分(如有利益冲突请申请回避)',
  deadlineOrder: 'due',
};

/** Each role's groups; a user with several roles sees each role's, in this order. */
const ROLE_GROUPS: { role: UserRole; groups: GroupDef[] }[] = [
  { role: 'submitter', groups: SUBMITTER_GROUPS },
  { role: 'recommender', groups: [RECOMMEND] },
  { role: 'officeStaff', groups: OFFICE_GROUPS },
  { role: 'expert', groups: [SCORING] },
];

/** The groups a user's roles give them, in the order the page shows them. */
export function groupsFor(user: AuthUser): GroupDef[] {
  return ROLE_GROUPS.flatMap(({ role, groups }) => (hasRole(user, role) ? groups : []));
}
