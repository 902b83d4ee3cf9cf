/**
 * One month's collection window (征集批次). Open until its close time; the scheduler (or the
 * office) closes it; the office may reopen it with a reason and a new close time. A machine so
 * that every close and reopening lands in the audit trail like any other decision.
 *
 * Pure: imports only xstate; time and actor arrive in events.
 */
import { and, assign, setup } from 'xstate';

export const COLLECTION_PERIOD_MACHINE_VERSION = 1;

export type PeriodState = 'open' | 'closed';
export type PeriodEventType = 'CLOSE' | 'REOPEN';

interface PeriodActor {
  userId: string;
  roles: readonly string[];
  organizationId: string | null;
}

interface EventBase {
  actor: PeriodActor;
  at: string;
  comment?: string;
}

export type PeriodEvent =
  | (EventBase & { type: 'CLOSE' })
  /** `closesAt` is the new close time (ISO) of the reopened window. */
  | (EventBase & { type: 'REOPEN'; closesAt: string });

export interface PeriodContext {
  period: string;
  closesAt: string;
  closedAt: string | null;
  reopenings: { at: string; by: string; reason: string; closesAt: string }[];
}

/** Who may send what, per state; the host reads it to answer 403 versus 409. */
export const PERIOD_AUTHORITY: Record<
  PeriodState,
  Partial<Record<PeriodEventType, readonly string[]>>
> = {
  open: { CLOSE: ['system', 'officeStaff'] },
  closed: { REOPEN: ['officeStaff'] },
};

export const collectionPeriodMachine = setup({
  types: {
    context: {} as PeriodContext,
    events: {} as PeriodEvent,
    input: {} as { period: string; closesAt: string },
  },
  guards: {
    authorized: ({ event }, params: { roles: readonly string[] }) =>
      event.actor.roles.some((r) => params.roles.includes(r)),
    hasReason: ({ event }) => Boolean(event.comment?.trim()),
  },
  actions: {
    recordClose: assign({ closedAt: ({ event }) => event.at }),
    recordReopen: assign(({ context, event }) =>
      event.type === 'REOPEN'
        ? {
            closesAt: event.closesAt,
            closedAt: null,
            reopenings: [
              ...context.reopenings,
              {
                at: event.at,
                by: event.actor.userId,
                reason: event.comment ?? '',
                closesAt: event.closesAt,
              },
            ],
          }
        : {},
    ),
  },
}).createMachine({
  id: 'collectionPeriod',
  initial: 'open',
  context: ({ input }) => ({
    period: input.period,
    closesAt: input.closesAt,
    closedAt: null,
    reopenings: [],
  }),
  states: {
    open: {
      on: {
        CLOSE: {
          target: 'closed',
          guard: { type: 'authorized', params: { roles: PERIOD_AUTHORITY.open.CLOSE ?? [] } },
          actions: 'recordClose',
        },
      },
    },
    closed: {
      on: {
        REOPEN: {
          target: 'open',
          guard: and([
            { type: 'authorized', params: { roles: PERIOD_AUTHORITY.closed.REOPEN ?? [] } },
            'hasReason',
          ]),
          actions: 'recordReopen',
        },
      },
    },
  },
});
