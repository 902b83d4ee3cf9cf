/**
 * Who sends an event to any workflow: a user with their roles and unit, or the scheduler. Every
 * machine and the generic runner (src/workflow) speak of this one actor, so it lives apart from
 * any single machine. Pure: no imports.
 */
export const ROLES = [
  'submitter',
  'recommender',
  'officeStaff',
  'expert',
  'admin',
  'securityAdmin',
  'auditAdmin',
  /** 对接方: an enterprise, investor or service institution from outside, self-registered. */
  'partner',
] as const;
export type UserRole = (typeof ROLES)[number];
/** `system` acts for the scheduler; no user can hold it. */
export type ActorRole = UserRole | 'system';

export interface WorkflowActor {
  userId: string;
  roles: readonly ActorRole[];
  organizationId: string | null;
}
