/**
 * The benchmark's six-stage approval: the process bench/bpmn-peer.ts models in BPMN (one user task
 * per stage), as a bare XState machine, so the runner can be compared with bpmn-engine like for
 * like. A bench fixture, not a product workflow: no data on the events, no eventless transitions,
 * no host listeners. The state names are the achievement workflow's along its main path, so the
 * same STAGES table (bench/stages.ts) drives both.
 *
 * Pure: imports only xstate; time and actor arrive in events.
 */
import { assign, setup } from 'xstate';

export const APPROVAL_MACHINE_VERSION = 1;

export type ApprovalState =
  | 'draft'
  | 'recommendation'
  | 'submitted'
  | 'eligibilityCheck'
  | 'expertScoring'
  | 'onSiteVerification'
  | 'inLibrary';
export type ApprovalEventType =
  | 'SUBMIT'
  | 'RECOMMEND'
  | 'BATCH_CLOSE'
  | 'PASS_ELIGIBILITY'
  | 'SUBMIT_SCORE'
  | 'CONFIRM_VERIFICATION';

interface ApprovalActor {
  userId: string;
  roles: readonly string[];
  organizationId: string | null;
}

export interface ApprovalEvent {
  type: ApprovalEventType;
  actor: ApprovalActor;
  at: string;
  comment?: string;
}

/** One decided stage: who decided it and when (a user task's completion in the BPMN model). */
export interface ApprovalDecision {
  event: ApprovalEventType;
  by: string;
  at: string;
}

export interface ApprovalContext {
  title: string;
  decisions: ApprovalDecision[];
}

/** Who may send what, per state; the host reads it to answer 403 versus 409. */
export const APPROVAL_AUTHORITY: Record<
  ApprovalState,
  Partial<Record<ApprovalEventType, readonly string[]>>
> = {
  draft: { SUBMIT: ['submitter'] },
  recommendation: { RECOMMEND: ['recommender'] },
  submitted: { BATCH_CLOSE: ['officeStaff'] },
  eligibilityCheck: { PASS_ELIGIBILITY: ['officeStaff'] },
  expertScoring: { SUBMIT_SCORE: ['expert'] },
  onSiteVerification: { CONFIRM_VERIFICATION: ['officeStaff'] },
  inLibrary: {},
};

/** A stage's only way out: its event, sent by a holder of the role, to the next state. */
function stage(state: Exclude<ApprovalState, 'inLibrary'>, target: ApprovalState) {
  const [type, roles] = Object.entries(APPROVAL_AUTHORITY[state])[0] as [
    ApprovalEventType,
    readonly string[],
  ];
  return {
    on: {
      [type]: {
        target,
        guard: { type: 'authorized' as const, params: { roles } },
        actions: 'recordDecision' as const,
      },
    },
  };
}

export const approvalMachine = setup({
  types: {
    context: {} as ApprovalContext,
    events: {} as ApprovalEvent,
    input: {} as { title: string },
  },
  guards: {
    authorized: ({ event }, params: { roles: readonly string[] }) =>
      event.actor.roles.some((r) => params.roles.includes(r)),
  },
  actions: {
    recordDecision: assign({
      decisions: ({ context, event }) => [
        ...context.decisions,
        { event: event.type, by: event.actor.userId, at: event.at },
      ],
    }),
  },
}).createMachine({
  id: 'benchApproval',
  initial: 'draft',
  context: ({ input }) => ({ title: input.title, decisions: [] }),
  states: {
    draft: stage('draft', 'recommendation'),
    recommendation: stage('recommendation', 'submitted'),
    submitted: stage('submitted', 'eligibilityCheck'),
    eligibilityCheck: stage('eligibilityCheck', 'expertScoring'),
    expertScoring: stage('expertScoring', 'onSiteVerification'),
    onSiteVerification: stage('onSiteVerification', 'inLibrary'),
    inLibrary: { type: 'final' },
  },
});
