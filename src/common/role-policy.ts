import type { UserRole } from '../../workflows/actor';
import { ForbiddenError } from './domain-errors';

/** Who is asking, as far as a role check needs (AuthUser fits). */
interface WithRoles {
  roles: readonly UserRole[];
}

/** Refuses (403, with the rule in words) a caller holding none of the roles. */
export function requireRole(user: WithRoles, roles: readonly UserRole[], message: string): void {
  if (!user.roles.some((r) => roles.includes(r))) throw new ForbiddenError(message);
}

/** The office's own steps (组建核查组, 记录跟踪评价 …): provincial office staff only. */
export function assertOffice(user: WithRoles, message: string): void {
  requireRole(user, ['officeStaff'], message);
}
