/**
 * The life of one achievement (成果), from a unit's draft to publication.
 *
 * Pure by contract: it imports only xstate, its sibling scoring arithmetic and the actor type, reads no clock and
 * does no I/O. The actor and the time arrive with every event; anything the host decides (the
 * collection period, the scoring policy in force) arrives in the event too, so the audit row of
 * that event records it. State names are a public contract: the API returns them.
 */
import { and, assign, setup } from 'xstate';
import {
  DEFAULT_SCORING_POLICY,
  needsConsensus,
  spread,
  trimmedMean,
  weightedScore,
  type ScoringPolicy,
} from './achievement-scoring';
import type { ActorRole, WorkflowActor } from './actor';

/** Bump when a change would make stored snapshots unsafe to restore with this definition. */
export const ACHIEVEMENT_MACHINE_VERSION = 1;

// Who acts is not this machine's concern alone: the generic runner and every other machine speak of
// the same actor, so it lives in ./actor and is re-exported here for the callers that import it
// with the machine's own types.
export { ROLES, type UserRole, type ActorRole, type WorkflowActor } from './actor';

export const STATES = [
  'draft',
  'recommendation',
  'returned',
  'submitted',
  'eligibilityCheck',
  'expertScoring',
  'consensus',
  'onSiteVerification',
  'inLibrary',
  'published',
  'suspended',
  'rejected',
  'withdrawn',
  'revoked',
] as const;
export type AchievementState = (typeof STATES)[number];
export const FINAL_STATES: readonly AchievementState[] = ['rejected', 'withdrawn', 'revoked'];

export const EVENT_TYPES = [
  'SUBMIT',
  'RECOMMEND',
  'DECLINE',
  'RETURN_FOR_AMENDMENT',
  'RESUBMIT',
  'WITHDRAW',
  'BATCH_CLOSE',
  'PASS_ELIGIBILITY',
  'REJECT',
  'SUBMIT_SCORE',
  'REVISE_SCORE',
  'ASSIGN_PANEL',
  'RECUSE',
  'DECIDE_CONSENSUS',
  'OPEN_SECOND_ROUND',
  'CONFIRM_VERIFICATION',
  'FAIL_VERIFICATION',
  'PUBLISH',
  'RAISE_DISPUTE',
  'RESOLVE_DISPUTE',
  'REVOKE',
] as const;
export type AchievementEventType = (typeof EVENT_TYPES)[number];

/**
 * Events that change an item's fate against its owner's wish must say why, and so must the
 * owner's own withdrawal: it ends the item for good, and the reason is what the unit reads later.
 */
export const EVENTS_REQUIRING_COMMENT: readonly AchievementEventType[] = [
  'WITHDRAW',
  'DECLINE',
  'RETURN_FOR_AMENDMENT',
  'REJECT',
  'ASSIGN_PANEL',
  'RECUSE',
  'DECIDE_CONSENSUS',
  'OPEN_SECOND_ROUND',
  'FAIL_VERIFICATION',
  'RAISE_DISPUTE',
  'RESOLVE_DISPUTE',
  'REVOKE',
];

interface EventBase {
  actor: WorkflowActor;
  /** ISO-8601 instant, supplied by the host's clock. */
  at: string;
  comment?: string;
}
type Plain<T extends AchievementEventType> = EventBase & { type: T };

export type AchievementEvent =
  | Plain<
      | 'SUBMIT'
      | 'DECLINE'
      | 'RETURN_FOR_AMENDMENT'
      | 'RESUBMIT'
      | 'WITHDRAW'
      | 'BATCH_CLOSE'
      | 'REJECT'
      | 'CONFIRM_VERIFICATION'
      | 'FAIL_VERIFICATION'
      | 'PUBLISH'
      | 'RAISE_DISPUTE'
      | 'RESOLVE_DISPUTE'
      | 'REVOKE'
    >
  | (EventBase & { type: 'RECOMMEND'; period: string })
  /** The host assigns the panel (expert user ids) when it lets the item through. */
  | (EventBase & { type: 'PASS_ELIGIBILITY'; scoring: ScoringPolicy; panel: string[] })
  | (EventBase & {
      type: 'SUBMIT_SCORE';
      scores: Record<string, number>;
      criterionComments?: Record<string, string>;
    })
  /** A panel member replaces their own sheet while the panel is still open (scoring not closed). */
  | (EventBase & {
      type: 'REVISE_SCORE';
      scores: Record<string, number>;
      criterionComments?: Record<string, string>;
    })
  /** The whole new panel: an office override or extension, or a replacement for a lapsed expert. */
  | (EventBase & { type: 'ASSIGN_PANEL'; panel: string[] })
  /** The sender leaves the panel; the host names who replaces them (none if nobody is free). */
  | (EventBase & { type: 'RECUSE'; replacement: string[] })
  | (EventBase & { type: 'DECIDE_CONSENSUS'; decision: 'pass' | 'reject' })
  /** The panel of the new round; the host passes the same panel unless the office changes it. */
  | (EventBase & { type: 'OPEN_SECOND_ROUND'; panel: string[] });

/** Who may send an event in a state: one of the roles, and where required a relation to the item. */
export interface Authority {
  roles: readonly ActorRole[];
  /**
   * owner: the item's own unit; recommender: the body at the current level of its reporting chain;
   * independent: anyone but the owner.
   */
  organization?: 'owner' | 'recommender' | 'independent';
}

const owner: Authority = { roles: ['submitter'], organization: 'owner' };
const recommender: Authority = { roles: ['recommender'], organization: 'recommender' };
const office: Authority = { roles: ['officeStaff'] };
const systemOrOffice: Authority = { roles: ['system', 'officeStaff'] };
const independentExpert: Authority = { roles: ['expert'], organization: 'independent' };

/**
 * The single table of who may do what where. The machine's guards read it, and so does the host,
 * to tell "not your role" (403) from "not now" (409) and to list the events a caller may send.
 */
export const AUTHORITY: Readonly<
  Record<AchievementState, Partial<Record<AchievementEventType, Authority>>>
> = {
  draft: { SUBMIT: owner, WITHDRAW: owner, RAISE_DISPUTE: office },
  recommendation: {
    RECOMMEND: recommender,
    DECLINE: recommender,
    RETURN_FOR_AMENDMENT: recommender,
    WITHDRAW: owner,
    RAISE_DISPUTE: office,
  },
  returned: { RESUBMIT: owner, WITHDRAW: owner, RAISE_DISPUTE: office },
  submitted: { BATCH_CLOSE: systemOrOffice, WITHDRAW: owner, RAISE_DISPUTE: office },
  eligibilityCheck: {
    PASS_ELIGIBILITY: office,
    REJECT: office,
    RETURN_FOR_AMENDMENT: office,
    WITHDRAW: owner,
    RAISE_DISPUTE: office,
  },
  expertScoring: {
    SUBMIT_SCORE: independentExpert,
    REVISE_SCORE: independentExpert,
    ASSIGN_PANEL: systemOrOffice,
    RECUSE: independentExpert,
    RAISE_DISPUTE: office,
  },
  consensus: {
    DECIDE_CONSENSUS: office,
    OPEN_SECOND_ROUND: office,
    RAISE_DISPUTE: office,
  },
  onSiteVerification: {
    CONFIRM_VERIFICATION: office,
    FAIL_VERIFICATION: office,
    RAISE_DISPUTE: office,
  },
  inLibrary: { PUBLISH: office, REVOKE: office, RAISE_DISPUTE: office },
  published: { REVOKE: office, RAISE_DISPUTE: office },
  suspended: { RESOLVE_DISPUTE: office },
  rejected: {},
  withdrawn: {},
  revoked: {},
};

export interface AchievementInput {
  ownerOrganizationId: string;
  /**
   * The bodies that recommend the item, lowest first: e.g. [county bureau, city bureau] for a
   * county enterprise (省市县三级联动), or [the unit itself] for a body that reports directly.
   */
  recommendationChain: string[];
}

export interface ExpertScore {
  expertId: string;
  criteria: Record<string, number>;
  weighted: number;
  at: string;
  comment?: string;
  /** The expert's remark on each criterion they chose to comment on. */
  criterionComments?: Record<string, string>;
}

/** Why an item ended where it did: kept on the item so that nobody has to dig in the audit. */
export interface Outcome {
  event: AchievementEventType | 'SCORING_CLOSED';
  reason: string;
  by: string;
  at: string;
}

export interface AchievementContext {
  ownerOrganizationId: string;
  recommendationChain: string[];
  /** Index into recommendationChain of the body that recommends next. */
  chainLevel: number;
  /** The collection month (YYYY-MM) whose batch the item joined when it was recommended. */
  period: string | null;
  returnedFrom: 'recommendation' | 'eligibilityCheck' | null;
  scoring: ScoringPolicy;
  /** The experts assigned to score (user ids). Only they may score; all of them must. */
  panel: string[];
  /** Scoring round: 1, or more when the office reopened scoring after a consensus step. */
  round: number;
  scores: ExpertScore[];
  aggregate: number | null;
  /** max − min of the closing panel's weighted scores. */
  spread: number | null;
  suspendedFrom: AchievementState | null;
  dispute: { reason: string; by: string; at: string } | null;
  outcome: Outcome | null;
}

type AuthorityContext = Pick<
  AchievementContext,
  'ownerOrganizationId' | 'recommendationChain' | 'chainLevel'
>;

/** The body whose recommender acts next. */
export function currentRecommender(context: AuthorityContext): string | undefined {
  return context.recommendationChain[context.chainLevel];
}

export function isAuthorized(
  authority: Authority | undefined,
  context: AuthorityContext,
  actor: WorkflowActor,
): boolean {
  return actingRole(authority, context, actor) !== null;
}

/** The role under which the actor may act, or null. Recorded in the audit row. */
export function actingRole(
  authority: Authority | undefined,
  context: AuthorityContext,
  actor: WorkflowActor,
): ActorRole | null {
  if (!authority) return null;
  const role = actor.roles.find((r) => authority.roles.includes(r));
  if (!role) return null;
  switch (authority.organization) {
    case undefined:
      return role;
    case 'owner':
      return actor.organizationId === context.ownerOrganizationId ? role : null;
    case 'recommender':
      return actor.organizationId === currentRecommender(context) ? role : null;
    case 'independent':
      return actor.organizationId !== context.ownerOrganizationId ? role : null;
  }
}

function may(state: AchievementState, event: AchievementEventType) {
  const params = AUTHORITY[state][event];
  if (!params) throw new Error(`AUTHORITY has no entry for ${event} in ${state}`);
  return { type: 'authorized' as const, params };
}

export const achievementMachine = setup({
  types: {
    context: {} as AchievementContext,
    events: {} as AchievementEvent,
    input: {} as AchievementInput,
  },
  guards: {
    authorized: ({ context, event }, params: Authority) =>
      isAuthorized(params, context, event.actor),
    hasNotScored: ({ context, event }) =>
      !context.scores.some((s) => s.expertId === event.actor.userId),
    hasScored: ({ context, event }) =>
      context.scores.some((s) => s.expertId === event.actor.userId),
    onPanel: ({ context, event }) => panelOf(context).includes(event.actor.userId),
    validPanel: ({ context, event }) => {
      if (event.type !== 'ASSIGN_PANEL' && event.type !== 'OPEN_SECOND_ROUND') return false;
      const panel = event.panel;
      if (!Array.isArray(panel) || new Set(panel).size !== panel.length) return false;
      // A new round needs somebody to score it; an unchanged panel is no change at all.
      if (event.type === 'OPEN_SECOND_ROUND') return panel.length > 0;
      return !samePanel(panel, panelOf(context));
    },
    validReplacement: ({ context, event }) =>
      event.type === 'RECUSE' &&
      Array.isArray(event.replacement) &&
      event.replacement.every((id) => id !== event.actor.userId && !panelOf(context).includes(id)),
    decidesPass: ({ event }) => event.type === 'DECIDE_CONSENSUS' && event.decision === 'pass',
    decidesReject: ({ event }) => event.type === 'DECIDE_CONSENSUS' && event.decision === 'reject',
    panelDisagrees: ({ context }) =>
      panelComplete(context) &&
      needsConsensus(
        context.scores.map((s) => s.weighted),
        context.scoring,
      ),
    returnedFromRecommendation: ({ context }) => context.returnedFrom === 'recommendation',
    returnedFromEligibility: ({ context }) => context.returnedFrom === 'eligibilityCheck',
    quorumReached: ({ context }) => panelComplete(context),
    hasHigherLevel: ({ context }) => context.chainLevel < context.recommendationChain.length - 1,
    quorumReachedAndPassed: ({ context }) =>
      panelComplete(context) &&
      trimmedMean(context.scores.map((s) => s.weighted)) >= context.scoring.threshold,
  },
  actions: {
    recordReturn: assign((_, params: { from: 'recommendation' | 'eligibilityCheck' }) => ({
      returnedFrom: params.from,
    })),
    clearReturn: assign({ returnedFrom: null }),
    advanceChain: assign({ chainLevel: ({ context }) => context.chainLevel + 1 }),
    restartChain: assign({ chainLevel: 0 }),
    recordPeriod: assign({
      period: ({ event }) => (event.type === 'RECOMMEND' ? event.period : null),
    }),
    recordScoringPolicy: assign({
      scoring: ({ context, event }) =>
        event.type === 'PASS_ELIGIBILITY' ? event.scoring : context.scoring,
      panel: ({ context, event }) =>
        event.type === 'PASS_ELIGIBILITY' ? [...new Set(event.panel ?? [])] : context.panel,
      round: 1,
      scores: [],
      aggregate: null,
      spread: null,
    }),
    /** A new panel; sheets of experts who left it no longer count. */
    recordPanel: assign(({ context, event }) => {
      if (event.type !== 'ASSIGN_PANEL') return {};
      const panel = [...event.panel];
      return { panel, scores: context.scores.filter((s) => panel.includes(s.expertId)) };
    }),
    recordRecusal: assign({
      panel: ({ context, event }) =>
        event.type === 'RECUSE'
          ? [...panelOf(context).filter((id) => id !== event.actor.userId), ...event.replacement]
          : panelOf(context),
    }),
    openSecondRound: assign(({ context, event }) => ({
      panel: event.type === 'OPEN_SECOND_ROUND' ? [...event.panel] : context.panel,
      round: (context.round ?? 1) + 1,
      scores: [],
      aggregate: null,
      spread: null,
    })),
    recordScore: assign({
      scores: ({ context, event }) => {
        if (event.type !== 'SUBMIT_SCORE') return context.scores;
        return [...context.scores, sheetOf(context, event)];
      },
    }),
    /** The revised sheet takes the place of the expert's previous one; it counts once. */
    reviseScore: assign({
      scores: ({ context, event }) => {
        if (event.type !== 'REVISE_SCORE') return context.scores;
        const sheet = sheetOf(context, event);
        return context.scores.map((s) => (s.expertId === event.actor.userId ? sheet : s));
      },
    }),
    recordAggregate: assign({
      aggregate: ({ context }) => trimmedMean(context.scores.map((s) => s.weighted)),
      spread: ({ context }) => spread(context.scores.map((s) => s.weighted)),
    }),
    recordConsensusRejection: assign({
      outcome: ({ event }) => ({
        event: event.type,
        reason: `专家意见分歧,经协商不予通过:${event.comment ?? ''}`,
        by: event.actor.userId,
        at: event.at,
      }),
    }),
    recordScoreRejection: assign({
      outcome: ({ context, event }) => {
        const aggregate = trimmedMean(context.scores.map((s) => s.weighted));
        return {
          event: 'SCORING_CLOSED' as const,
          reason: `专家评审综合得分 ${aggregate} 低于通过线 ${context.scoring.threshold}`,
          by: 'system',
          at: event.at,
        };
      },
    }),
    recordOutcome: assign({
      outcome: ({ event }) => ({
        event: event.type,
        reason: event.comment ?? '',
        by: event.actor.userId,
        at: event.at,
      }),
    }),
    recordDispute: assign(({ event }, params: { from: AchievementState }) => ({
      suspendedFrom: params.from,
      dispute: { reason: event.comment ?? '', by: event.actor.userId, at: event.at },
    })),
    clearDispute: assign({ suspendedFrom: null, dispute: null }),
  },
}).createMachine({
  id: 'achievement',
  initial: 'active',
  context: ({ input }) => ({
    ownerOrganizationId: input.ownerOrganizationId,
    recommendationChain: input.recommendationChain,
    chainLevel: 0,
    period: null,
    returnedFrom: null,
    scoring: DEFAULT_SCORING_POLICY,
    panel: [],
    round: 1,
    scores: [],
    aggregate: null,
    spread: null,
    suspendedFrom: null,
    dispute: null,
    outcome: null,
  }),
  states: {
    // A compound parent only so that RESOLVE_DISPUTE can return through a history state.
    active: {
      initial: 'draft',
      states: {
        draft: {
          on: {
            SUBMIT: {
              target: 'recommendation',
              guard: may('draft', 'SUBMIT'),
              actions: 'restartChain',
            },
            WITHDRAW: withdraw('draft'),
            RAISE_DISPUTE: dispute('draft'),
          },
        },
        recommendation: {
          on: {
            // Each level of the chain recommends in turn; each hop is its own audited event.
            RECOMMEND: [
              {
                guard: and([may('recommendation', 'RECOMMEND'), 'hasHigherLevel']),
                actions: 'advanceChain',
              },
              {
                target: 'submitted',
                guard: may('recommendation', 'RECOMMEND'),
                actions: 'recordPeriod',
              },
            ],
            DECLINE: {
              target: '#achievement.rejected',
              guard: may('recommendation', 'DECLINE'),
              actions: 'recordOutcome',
            },
            RETURN_FOR_AMENDMENT: {
              target: 'returned',
              guard: may('recommendation', 'RETURN_FOR_AMENDMENT'),
              actions: { type: 'recordReturn', params: { from: 'recommendation' } },
            },
            WITHDRAW: withdraw('recommendation'),
            RAISE_DISPUTE: dispute('recommendation'),
          },
        },
        returned: {
          on: {
            RESUBMIT: [
              {
                target: 'recommendation',
                guard: and([may('returned', 'RESUBMIT'), 'returnedFromRecommendation']),
                // An amended item goes through the whole chain again, from the lowest level.
                actions: ['clearReturn', 'restartChain'],
              },
              {
                target: 'eligibilityCheck',
                guard: and([may('returned', 'RESUBMIT'), 'returnedFromEligibility']),
                actions: 'clearReturn',
              },
            ],
            WITHDRAW: withdraw('returned'),
            RAISE_DISPUTE: dispute('returned'),
          },
        },
        submitted: {
          on: {
            BATCH_CLOSE: { target: 'eligibilityCheck', guard: may('submitted', 'BATCH_CLOSE') },
            WITHDRAW: withdraw('submitted'),
            RAISE_DISPUTE: dispute('submitted'),
          },
        },
        eligibilityCheck: {
          on: {
            PASS_ELIGIBILITY: {
              target: 'expertScoring',
              guard: may('eligibilityCheck', 'PASS_ELIGIBILITY'),
              actions: 'recordScoringPolicy',
            },
            REJECT: {
              target: '#achievement.rejected',
              guard: may('eligibilityCheck', 'REJECT'),
              actions: 'recordOutcome',
            },
            RETURN_FOR_AMENDMENT: {
              target: 'returned',
              guard: may('eligibilityCheck', 'RETURN_FOR_AMENDMENT'),
              actions: { type: 'recordReturn', params: { from: 'eligibilityCheck' } },
            },
            WITHDRAW: withdraw('eligibilityCheck'),
            RAISE_DISPUTE: dispute('eligibilityCheck'),
          },
        },
        expertScoring: {
          // Closing happens on the score that completes the quorum, not on a separate event, so
          // there is no window in which a complete panel waits for somebody to press a button.
          always: [
            {
              // Too far apart for the mean to speak for the panel: the office decides.
              target: 'consensus',
              guard: 'panelDisagrees',
              actions: 'recordAggregate',
            },
            {
              target: 'onSiteVerification',
              guard: 'quorumReachedAndPassed',
              actions: 'recordAggregate',
            },
            {
              target: '#achievement.rejected',
              guard: 'quorumReached',
              actions: ['recordAggregate', 'recordScoreRejection'],
            },
          ],
          on: {
            SUBMIT_SCORE: {
              guard: and([may('expertScoring', 'SUBMIT_SCORE'), 'onPanel', 'hasNotScored']),
              actions: 'recordScore',
            },
            // Until the quorum closes the panel (the `always` above), a member may change their
            // sheet; once it closes the item has left this state and the revision is refused.
            REVISE_SCORE: {
              guard: and([may('expertScoring', 'REVISE_SCORE'), 'onPanel', 'hasScored']),
              actions: 'reviseScore',
            },
            ASSIGN_PANEL: {
              guard: and([may('expertScoring', 'ASSIGN_PANEL'), 'validPanel']),
              actions: 'recordPanel',
            },
            RECUSE: {
              guard: and([
                may('expertScoring', 'RECUSE'),
                'onPanel',
                'hasNotScored',
                'validReplacement',
              ]),
              actions: 'recordRecusal',
            },
            RAISE_DISPUTE: dispute('expertScoring'),
          },
        },
        consensus: {
          on: {
            DECIDE_CONSENSUS: [
              {
                target: 'onSiteVerification',
                guard: and([may('consensus', 'DECIDE_CONSENSUS'), 'decidesPass']),
              },
              {
                target: '#achievement.rejected',
                guard: and([may('consensus', 'DECIDE_CONSENSUS'), 'decidesReject']),
                actions: 'recordConsensusRejection',
              },
            ],
            OPEN_SECOND_ROUND: {
              target: 'expertScoring',
              guard: and([may('consensus', 'OPEN_SECOND_ROUND'), 'validPanel']),
              actions: 'openSecondRound',
            },
            RAISE_DISPUTE: dispute('consensus'),
          },
        },
        onSiteVerification: {
          on: {
            CONFIRM_VERIFICATION: {
              target: 'inLibrary',
              guard: may('onSiteVerification', 'CONFIRM_VERIFICATION'),
            },
            FAIL_VERIFICATION: {
              target: '#achievement.rejected',
              guard: may('onSiteVerification', 'FAIL_VERIFICATION'),
              actions: 'recordOutcome',
            },
            RAISE_DISPUTE: dispute('onSiteVerification'),
          },
        },
        inLibrary: {
          on: {
            PUBLISH: { target: 'published', guard: may('inLibrary', 'PUBLISH') },
            REVOKE: {
              target: '#achievement.revoked',
              guard: may('inLibrary', 'REVOKE'),
              actions: 'recordOutcome',
            },
            RAISE_DISPUTE: dispute('inLibrary'),
          },
        },
        published: {
          on: {
            REVOKE: {
              target: '#achievement.revoked',
              guard: may('published', 'REVOKE'),
              actions: 'recordOutcome',
            },
            RAISE_DISPUTE: dispute('published'),
          },
        },
        history: { type: 'history', history: 'shallow' },
      },
    },
    suspended: {
      on: {
        RESOLVE_DISPUTE: {
          target: 'active.history',
          guard: may('suspended', 'RESOLVE_DISPUTE'),
          actions: 'clearDispute',
        },
      },
    },
    rejected: { type: 'final' },
    withdrawn: {
      type: 'final',
    },
    revoked: { type: 'final' },
  },
});

/** One expert's sheet as the machine keeps it, from a SUBMIT_SCORE or REVISE_SCORE. */
function sheetOf(
  context: AchievementContext,
  event: Extract<AchievementEvent, { type: 'SUBMIT_SCORE' | 'REVISE_SCORE' }>,
): ExpertScore {
  const score: ExpertScore = {
    expertId: event.actor.userId,
    criteria: event.scores,
    weighted: weightedScore(event.scores, context.scoring.weights),
    at: event.at,
  };
  if (event.comment) score.comment = event.comment;
  if (event.criterionComments && Object.keys(event.criterionComments).length)
    score.criterionComments = { ...event.criterionComments };
  return score;
}

/**
 * Scoring closes when every panel member has scored and the panel holds at least the policy's
 * quorum of sheets (a short panel waits for the office to extend it).
 */
function panelComplete(context: AchievementContext): boolean {
  const panel = panelOf(context);
  return (
    panel.length > 0 &&
    context.scores.length >= context.scoring.quorum &&
    panel.every((id) => context.scores.some((s) => s.expertId === id))
  );
}

/** Snapshots stored before panels existed have none; nobody may score them until one is set. */
export function panelOf(context: Pick<AchievementContext, 'panel'>): string[] {
  return context.panel ?? [];
}

function samePanel(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

function withdraw(from: AchievementState) {
  return {
    target: '#achievement.withdrawn',
    guard: may(from, 'WITHDRAW'),
    actions: 'recordOutcome' as const,
  };
}

function dispute(from: AchievementState) {
  return {
    target: '#achievement.suspended',
    guard: may(from, 'RAISE_DISPUTE'),
    actions: { type: 'recordDispute' as const, params: { from } },
  };
}

/** The public state name of a snapshot value: the leaf under `active`, or the top-level state. */
export function stateName(value: unknown): AchievementState {
  if (typeof value === 'string') return value as AchievementState;
  if (value && typeof value === 'object' && 'active' in value) {
    return (value as { active: AchievementState }).active;
  }
  throw new Error(`Unrecognised achievement state value: ${JSON.stringify(value)}`);
}
