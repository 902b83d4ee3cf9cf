import type { SnapshotFrom } from 'xstate';
import {
  COOPERATION_AUTHORITY,
  COOPERATION_MACHINE_VERSION,
  cooperationRequestMachine,
  type CooperationContext,
  type CooperationInput,
} from '../../workflows/cooperation-request.machine';
import { authorityTableRules, type WorkflowDefinition } from '../workflow/workflow-definition';
import { COOPERATION_EVENT_LABELS, COOPERATION_STATUS_LABELS } from './transformation-labels';

type CooperationSnapshot = SnapshotFrom<typeof cooperationRequestMachine>;

/** The cooperation request as the runner runs it; the instance has the request's own id. */
export const cooperationRequestWorkflow: WorkflowDefinition<typeof cooperationRequestMachine> = {
  name: 'cooperationRequest',
  labels: { states: COOPERATION_STATUS_LABELS, events: COOPERATION_EVENT_LABELS },
  version: COOPERATION_MACHINE_VERSION,
  machine: cooperationRequestMachine,
  stateOf: (snapshot: CooperationSnapshot) => String(snapshot.value),
  batchOf: () => null,
  inputOf: (snapshot): CooperationInput => {
    const context = snapshot.context as CooperationContext;
    return {
      achievementId: context.achievementId,
      partnerUserId: context.partnerUserId,
      unitOrganizationId: context.unitOrganizationId,
    };
  },
  ...authorityTableRules(COOPERATION_AUTHORITY),
};
