import type { SnapshotFrom } from 'xstate';
import type { WorkflowDefinition } from '../src/workflow/workflow-definition';
import {
  APPROVAL_AUTHORITY,
  APPROVAL_MACHINE_VERSION,
  approvalMachine,
  type ApprovalEventType,
} from './approval.machine';

type ApprovalSnapshot = SnapshotFrom<typeof approvalMachine>;

/** The bench approval (approval.machine.ts) as the runner sees it. */
export const approvalWorkflow: WorkflowDefinition<typeof approvalMachine> = {
  name: 'benchApproval',
  version: APPROVAL_MACHINE_VERSION,
  machine: approvalMachine,
  stateOf: (snapshot: ApprovalSnapshot) => snapshot.value,
  batchOf: () => null,
  authorize(snapshot, event) {
    const roles = APPROVAL_AUTHORITY[snapshot.value][event.type as ApprovalEventType];
    if (!roles) return { kind: 'unavailable' };
    const role = event.actor.roles.find((r) => roles.includes(r));
    return role ? { kind: 'allowed', role } : { kind: 'forbidden' };
  },
  allowedEvents(snapshot, actor) {
    return Object.entries(APPROVAL_AUTHORITY[snapshot.value])
      .filter(([, roles]) => actor.roles.some((r) => roles?.includes(r)))
      .map(([type]) => type);
  },
};
