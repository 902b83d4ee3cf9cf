import type { UserRole, WorkflowActor } from '../../workflows/achievement.machine';

/**
 * What a user must do before anything else: set their own password (chosen by an admin, or
 * expired), or enrol a second factor their role requires, or (a partner) wait for the office's approval. See src/users/account-gate.ts.
 */
export type AccountAction =
  | 'changeInitialPassword'
  | 'changeExpiredPassword'
  | 'enrolSecondFactor'
  /** A self-registered partner (对接方) the office has not approved yet. */
  | 'awaitApproval';

/** The caller, as the guards resolved it from the token and the current user row. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  roles: UserRole[];
  organizationId: string;
  /** Present only while the user has something to do first; every other route answers 403. */
  accountAction?: AccountAction;
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
