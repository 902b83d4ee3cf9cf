import type { UserRole } from '../../workflows/achievement.machine';
import type { AccountAction } from '../access/auth-user';
import type { AppConfig } from '../config/app-config';

const DAY_MS = 86_400_000;

/** The user row's facts the gate reads; all are loaded with the row (none is lazy). */
export interface AccountFacts {
  roles: UserRole[];
  createdAt: Date;
  passwordChangedAt: Date | null;
  mustChangePassword: boolean;
  totpEnabledAt: Date | null;
  approvalPending?: boolean;
}

type Policy = Pick<
  AppConfig,
  'privilegedRoles' | 'passwordMaxAgeDaysPrivileged' | 'passwordMaxAgeDays' | 'requireTotpRoles'
>;

/** How many days this user's password lasts; 0 means it does not expire. */
export function passwordMaxAgeDays(roles: UserRole[], policy: Policy): number {
  return roles.some((r) => policy.privilegedRoles.includes(r))
    ? policy.passwordMaxAgeDaysPrivileged
    : policy.passwordMaxAgeDays;
}

/** The end of the password's life by the app clock, or null when it does not expire. */
export function passwordExpiresAt(facts: AccountFacts, policy: Policy): Date | null {
  const days = passwordMaxAgeDays(facts.roles, policy);
  if (days === 0) return null;
  const setAt = facts.passwordChangedAt ?? facts.createdAt;
  return new Date(setAt.getTime() + days * DAY_MS);
}

/**
 * What the user must do before anything else, first things first: a password someone else chose
 * (or an expired one) is replaced before a second factor is enrolled, since enrolment is done by
 * whoever holds the password.
 */
export function pendingAccountAction(
  facts: AccountFacts,
  policy: Policy,
  now: Date,
): AccountAction | null {
  // Before anything else: until the office approves the account there is nothing it may do.
  if (facts.approvalPending) return 'awaitApproval';
  if (facts.mustChangePassword) return 'changeInitialPassword';
  const expiresAt = passwordExpiresAt(facts, policy);
  if (expiresAt && now >= expiresAt) return 'changeExpiredPassword';
  if (!facts.totpEnabledAt && facts.roles.some((r) => policy.requireTotpRoles.includes(r))) {
    return 'enrolSecondFactor';
  }
  return null;
}

/** The 403 a route answers while the action is pending. */
export const ACCOUNT_ACTION_MESSAGES: Record<AccountAction, string> = {
  changeInitialPassword: '请先修改初始密码',
  changeExpiredPassword: '密码已过期,请先修改密码',
  enrolSecondFactor: '您的角色须启用双因素认证,请先完成绑定',
  awaitApproval: '您的对接方账号正在等待省科技厅审核,审核通过后方可使用',
};
