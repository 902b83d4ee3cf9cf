import type { UserRole, WorkflowActor } from '../../workflows/achievement.machine';

/** The caller, as the guards resolved it from the token and the current user row. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: UserRole[];
  organizationId: string;
}

export function toWorkflowActor(user: AuthUser): WorkflowActor {
  return { userId: user.id, roles: user.roles, organizationId: user.organizationId };
}

export const SYSTEM_ACTOR: WorkflowActor = {
  userId: 'system',
  roles: ['system'],
  organizationId: null,
};

export function hasRole(user: AuthUser, ...roles: UserRole[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}
