/**
 * A cooperation request (对接请求): an approved partner (对接方) asks the unit that owns a library
 * or published item to talk about transferring it. The unit accepts or declines; an accepted
 * request moves to a meeting, then to negotiation, and ends agreed (a deal is recorded) or closed.
 * The scheduler closes a request that has not moved for 60 days (STALE_CLOSE).
 *
 * Pure: imports only xstate; reads no clock and does no I/O. The actor and the time arrive with
 * every event, and so does the deal on AGREE, so the audit row records what was signed. Which
 * partner and which unit an actor is (own request, own item) is the host's check before it sends;
 * the machine decides by role and by the facts carried in the event.
 */
import { and, assign, setup } from 'xstate';

/** Bump when a change would make stored snapshots unsafe to restore with this definition. */
export const COOPERATION_MACHINE_VERSION = 1;

export const COOPERATION_STATUSES = [
  'submitted',
  'accepted',
  'declined',
  'meetingScheduled',
  'negotiating',
  'agreed',
  'closed',
] as const;
export type CooperationStatus = (typeof COOPERATION_STATUSES)[number];

export const COOPERATION_EVENT_TYPES = [
  'ACCEPT_REQUEST',
  'DECLINE_REQUEST',
  'SCHEDULE_MEETING',
  'START_NEGOTIATION',
  'AGREE',
  'CLOSE_REQUEST',
  'STALE_CLOSE',
] as const;
export type CooperationEventType = (typeof COOPERATION_EVENT_TYPES)[number];

/** The ways a result changes hands (转让、许可、作价入股、合作开发、技术服务). */
export const TRANSFER_MODES = [
  'assignment',
  'licence',
  'equity',
  'jointDevelopment',
  'technicalService',
] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export interface CooperationActor {
  userId: string;
  roles: readonly string[];
  organizationId: string | null;
}

interface EventBase {
  actor: CooperationActor;
  /** ISO-8601 instant, supplied by the host's clock. */
  at: string;
  comment?: string;
}

/** What AGREE records: the signed contract. */
export interface CooperationDeal {
  mode: TransferMode;
  /** Contract amount in yuan, ≥ 0. */
  amountYuan: number;
  /** The signing date, YYYY-MM-DD; not after the host's `today`. */
  contractDate: string;
  parties: string;
  /** 技术合同登记号, when the contract was registered. */
  registrationNumber: string | null;
}

export interface CooperationMeeting {
  /** ISO-8601 instant of the meeting. */
  meetingAt: string;
  place: string;
}

export type CooperationEvent =
  | (EventBase & {
      type:
        | 'ACCEPT_REQUEST'
        | 'DECLINE_REQUEST'
        | 'START_NEGOTIATION'
        | 'CLOSE_REQUEST'
        | 'STALE_CLOSE';
    })
  | (EventBase & { type: 'SCHEDULE_MEETING' } & CooperationMeeting)
  /** `today`: the host's calendar day in Beijing (YYYY-MM-DD), which the contract date may not pass. */
  | (EventBase & { type: 'AGREE'; deal: CooperationDeal; today: string });

export interface CooperationInput {
  achievementId: string;
  partnerUserId: string;
  unitOrganizationId: string;
}

export interface CooperationContext extends CooperationInput {
  answeredAt: string | null;
  meeting: CooperationMeeting | null;
  deal: CooperationDeal | null;
  closedAt: string | null;
}

/**
 * Who may send what, per state; the host reads it to answer 403 versus 409. The unit's submitter
 * answers for the unit; either side may close an open request; the office may close any.
 */
export const COOPERATION_AUTHORITY: Record<
  CooperationStatus,
  Partial<Record<CooperationEventType, readonly string[]>>
> = {
  submitted: {
    ACCEPT_REQUEST: ['submitter'],
    DECLINE_REQUEST: ['submitter'],
    CLOSE_REQUEST: ['partner', 'officeStaff'],
    STALE_CLOSE: ['system'],
  },
  accepted: {
    SCHEDULE_MEETING: ['submitter'],
    CLOSE_REQUEST: ['partner', 'submitter', 'officeStaff'],
    STALE_CLOSE: ['system'],
  },
  meetingScheduled: {
    SCHEDULE_MEETING: ['submitter'],
    START_NEGOTIATION: ['submitter', 'partner'],
    CLOSE_REQUEST: ['partner', 'submitter', 'officeStaff'],
    STALE_CLOSE: ['system'],
  },
  negotiating: {
    AGREE: ['submitter'],
    CLOSE_REQUEST: ['partner', 'submitter', 'officeStaff'],
    STALE_CLOSE: ['system'],
  },
  declined: {},
  agreed: {},
  closed: {},
};

/** A deal the machine accepts: a known mode, a non-negative amount, a date not after `today`. */
export function validDeal(deal: CooperationDeal | undefined, today: string): boolean {
  if (!deal) return false;
  if (!(TRANSFER_MODES as readonly string[]).includes(deal.mode)) return false;
  if (!Number.isFinite(deal.amountYuan) || deal.amountYuan < 0) return false;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deal.contractDate)) return false;
  // YYYY-MM-DD strings compare in calendar order.
  return deal.contractDate <= today && deal.parties.trim().length > 0;
}

const roles = (state: CooperationStatus, event: CooperationEventType) => ({
  roles: COOPERATION_AUTHORITY[state][event] ?? [],
});

/** The transitions every open state shares: closing by hand or as stale. */
const closing = (state: CooperationStatus) => ({
  CLOSE_REQUEST: {
    target: 'closed' as const,
    guard: { type: 'authorized' as const, params: roles(state, 'CLOSE_REQUEST') },
    actions: 'recordClose' as const,
  },
  STALE_CLOSE: {
    target: 'closed' as const,
    guard: { type: 'authorized' as const, params: roles(state, 'STALE_CLOSE') },
    actions: 'recordClose' as const,
  },
});

export const cooperationRequestMachine = setup({
  types: {
    context: {} as CooperationContext,
    events: {} as CooperationEvent,
    input: {} as CooperationInput,
  },
  guards: {
    authorized: ({ event }, params: { roles: readonly string[] }) =>
      event.actor.roles.some((r) => params.roles.includes(r)),
    hasMeeting: ({ event }) =>
      event.type === 'SCHEDULE_MEETING' &&
      /^\d{4}-\d{2}-\d{2}T/.test(event.meetingAt) &&
      event.place.trim().length > 0,
    hasValidDeal: ({ event }) => event.type === 'AGREE' && validDeal(event.deal, event.today),
  },
  actions: {
    recordAnswer: assign({ answeredAt: ({ event }) => event.at }),
    recordMeeting: assign({
      meeting: ({ event }) =>
        event.type === 'SCHEDULE_MEETING'
          ? { meetingAt: event.meetingAt, place: event.place }
          : null,
    }),
    recordDeal: assign({
      deal: ({ event }) => (event.type === 'AGREE' ? { ...event.deal } : null),
    }),
    recordClose: assign({ closedAt: ({ event }) => event.at }),
  },
}).createMachine({
  id: 'cooperationRequest',
  initial: 'submitted',
  context: ({ input }) => ({
    achievementId: input.achievementId,
    partnerUserId: input.partnerUserId,
    unitOrganizationId: input.unitOrganizationId,
    answeredAt: null,
    meeting: null,
    deal: null,
    closedAt: null,
  }),
  states: {
    submitted: {
      on: {
        ACCEPT_REQUEST: {
          target: 'accepted',
          guard: { type: 'authorized', params: roles('submitted', 'ACCEPT_REQUEST') },
          actions: 'recordAnswer',
        },
        DECLINE_REQUEST: {
          target: 'declined',
          guard: { type: 'authorized', params: roles('submitted', 'DECLINE_REQUEST') },
          actions: 'recordAnswer',
        },
        ...closing('submitted'),
      },
    },
    accepted: {
      on: {
        SCHEDULE_MEETING: {
          target: 'meetingScheduled',
          guard: and([
            { type: 'authorized', params: roles('accepted', 'SCHEDULE_MEETING') },
            'hasMeeting',
          ]),
          actions: 'recordMeeting',
        },
        ...closing('accepted'),
      },
    },
    meetingScheduled: {
      on: {
        // Moving the meeting keeps the state and records the new time and place.
        SCHEDULE_MEETING: {
          target: 'meetingScheduled',
          reenter: false,
          guard: and([
            { type: 'authorized', params: roles('meetingScheduled', 'SCHEDULE_MEETING') },
            'hasMeeting',
          ]),
          actions: 'recordMeeting',
        },
        START_NEGOTIATION: {
          target: 'negotiating',
          guard: { type: 'authorized', params: roles('meetingScheduled', 'START_NEGOTIATION') },
        },
        ...closing('meetingScheduled'),
      },
    },
    negotiating: {
      on: {
        AGREE: {
          target: 'agreed',
          guard: and([
            { type: 'authorized', params: roles('negotiating', 'AGREE') },
            'hasValidDeal',
          ]),
          actions: 'recordDeal',
        },
        ...closing('negotiating'),
      },
    },
    declined: { type: 'final' },
    agreed: { type: 'final' },
    closed: { type: 'final' },
  },
});
