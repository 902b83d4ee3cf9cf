import type { SnapshotFrom } from 'xstate';
import { authorityTableRules, type WorkflowDefinition } from '../src/workflow/workflow-definition';
import { APPROVAL_AUTHORITY, APPROVAL_MACHINE_VERSION, approvalMachine } from './approval.machine';

type ApprovalSnapshot = SnapshotFrom<typeof approvalMachine>;

/** The bench approval (approval.machine.ts) as the runner sees it. */
export const approvalWorkflow: WorkflowDefinition<typeof approvalMachine> = {
  name: 'benchApproval',
  version: APPROVAL_MACHINE_VERSION,
  machine: approvalMachine,
  stateOf: (snapshot: ApprovalSnapshot) => snapshot.value,
  batchOf: () => null,
  ...authorityTableRules(APPROVAL_AUTHORITY),
};
