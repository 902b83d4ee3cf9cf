/**
 * One ranking report (通报晾晒) for a quarter or a year. The cycle creates it as a draft; the
 * office may refresh the draft's figures and then issues it, after which it never changes. A
 * machine so that generation, refreshes and the issue land in the audit trail.
 *
 * Pure: imports only xstate; time and actor arrive in events.
 */
import { assign, setup } from 'xstate';

export const RANKING_REPORT_MACHINE_VERSION = 1;

export type ReportState = 'draft' | 'issued';
export type ReportEventType = 'REFRESH' | 'ISSUE';

interface ReportActor {
  userId: string;
  roles: readonly string[];
  organizationId: string | null;
}

export interface ReportEvent {
  type: ReportEventType;
  actor: ReportActor;
  at: string;
  comment?: string;
}

export interface ReportContext {
  period: string;
  refreshedAt: string | null;
  issuedAt: string | null;
  issuedBy: string | null;
}

/** Who may send what, per state; the host reads it to answer 403 versus 409. */
export const REPORT_AUTHORITY: Record<
  ReportState,
  Partial<Record<ReportEventType, readonly string[]>>
> = {
  draft: { REFRESH: ['officeStaff', 'system'], ISSUE: ['officeStaff'] },
  issued: {},
};

export const rankingReportMachine = setup({
  types: {
    context: {} as ReportContext,
    events: {} as ReportEvent,
    input: {} as { period: string },
  },
  guards: {
    authorized: ({ event }, params: { roles: readonly string[] }) =>
      event.actor.roles.some((r) => params.roles.includes(r)),
  },
  actions: {
    recordRefresh: assign({ refreshedAt: ({ event }) => event.at }),
    recordIssue: assign({
      issuedAt: ({ event }) => event.at,
      issuedBy: ({ event }) => event.actor.userId,
    }),
  },
}).createMachine({
  id: 'rankingReport',
  initial: 'draft',
  context: ({ input }) => ({
    period: input.period,
    refreshedAt: null,
    issuedAt: null,
    issuedBy: null,
  }),
  states: {
    draft: {
      on: {
        REFRESH: {
          guard: { type: 'authorized', params: { roles: REPORT_AUTHORITY.draft.REFRESH ?? [] } },
          actions: 'recordRefresh',
        },
        ISSUE: {
          target: 'issued',
          guard: { type: 'authorized', params: { roles: REPORT_AUTHORITY.draft.ISSUE ?? [] } },
          actions: 'recordIssue',
        },
      },
    },
    issued: { type: 'final' },
  },
});
