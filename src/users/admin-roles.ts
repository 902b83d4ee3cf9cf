import type { UserRole } from '../../workflows/achievement.machine';

/**
 * Separation of duties (三权分立): the system administrator (admin) configures the system, the
 * security administrator (securityAdmin) manages accounts, the audit administrator (auditAdmin)
 * reads the logs. Nobody holds two of the three, and the security and audit administrators hold
 * nothing else either, so that the one who grants access and the one who reviews it cannot also
 * act in the workflow they watch.
 */
export const ADMIN_ROLES: readonly UserRole[] = ['admin', 'securityAdmin', 'auditAdmin'];

const HELD_ALONE: readonly UserRole[] = ['securityAdmin', 'auditAdmin'];

/** Why a set of roles may not be held by one person, or null. */
export function separationOfDutiesProblem(roles: readonly UserRole[]): string | null {
  if (roles.filter((r) => ADMIN_ROLES.includes(r)).length > 1) {
    return '系统管理员、安全管理员、审计管理员须由不同的人担任,一个账号只能担任其中之一';
  }
  if (roles.length > 1 && roles.some((r) => HELD_ALONE.includes(r))) {
    return '安全管理员、审计管理员不能兼任其他角色';
  }
  return null;
}
