import type { SnapshotFrom } from 'xstate';
import { v5 as uuidv5 } from 'uuid';
import {
  COLLECTION_PERIOD_MACHINE_VERSION,
  PERIOD_AUTHORITY,
  collectionPeriodMachine,
} from '../../workflows/collection-period.machine';
import { authorityTableRules, type WorkflowDefinition } from '../workflow/workflow-definition';
import type { PeriodEventType, PeriodState } from '../../workflows/collection-period.machine';

/** Fixed namespace so that a period's instance id is the same on every instance and every run. */
const PERIOD_NAMESPACE = '6f1d2c0e-8b1f-4d6a-9a57-3f0c2b7e9d41';

export function periodInstanceId(period: string): string {
  return uuidv5(`collection-period:${period}`, PERIOD_NAMESPACE);
}

type PeriodSnapshot = SnapshotFrom<typeof collectionPeriodMachine>;

const PERIOD_STATE_LABELS: Record<PeriodState, string> = {
  open: '征集中',
  closed: '已截止',
};

const PERIOD_EVENT_LABELS: Record<PeriodEventType, string> = {
  CLOSE: '批次截止',
  REOPEN: '重新开放征集',
};

export const collectionPeriodWorkflow: WorkflowDefinition<typeof collectionPeriodMachine> = {
  name: 'collectionPeriod',
  labels: { states: PERIOD_STATE_LABELS, events: PERIOD_EVENT_LABELS },
  version: COLLECTION_PERIOD_MACHINE_VERSION,
  machine: collectionPeriodMachine,
  stateOf: (snapshot: PeriodSnapshot) => snapshot.value,
  batchOf: (snapshot: PeriodSnapshot) => snapshot.context.period,
  inputOf: (snapshot) => {
    const context = snapshot.context as { period: string; closesAt: string };
    return { period: context.period, closesAt: context.closesAt };
  },
  ...authorityTableRules(PERIOD_AUTHORITY),
};
