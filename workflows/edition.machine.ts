/**
 * The life of one release edition (刊期: a monthly report, a quarterly release, the annual list):
 * the office curates a draft, submits it for review, and either returns it to draft or issues it.
 * Issued is final: a mistake is put right by a correction, a new edition (a new instance of this
 * machine) whose input names the issued one it corrects.
 *
 * Pure: imports only xstate; reads no clock and does no I/O. The actor and the time arrive with
 * every event, and so does the four-eyes setting in force at the issue (an admin setting), so the
 * audit row of the issue records the rule it was decided under.
 *
 * Curation (items, distribution list, event details, the annual vote) changes the edition's own
 * rows, not its lifecycle, and is not an event here.
 */
import { and, assign, setup } from 'xstate';

/** Bump when a change would make stored snapshots unsafe to restore with this definition. */
export const EDITION_MACHINE_VERSION = 1;

export const EDITION_STATUSES = ['draft', 'underReview', 'issued'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

/** Named for the edition so that the trail, the labels and the figures never mix them with an achievement's SUBMIT. */
export const EDITION_EVENT_TYPES = ['SUBMIT_EDITION', 'RETURN_EDITION', 'ISSUE_EDITION'] as const;
export type EditionEventType = (typeof EDITION_EVENT_TYPES)[number];

/** The sender, as the host's WorkflowActor carries it (declared here so the machine imports nothing). */
export interface EditionActor {
  userId: string;
  roles: readonly string[];
  organizationId: string | null;
}

interface EventBase {
  actor: EditionActor;
  /** ISO-8601 instant, supplied by the host's clock. */
  at: string;
  comment?: string;
}

export type EditionEvent =
  | (EventBase & { type: 'SUBMIT_EDITION' | 'RETURN_EDITION' })
  /** `fourEyes`: whether the rule "whoever submitted it may not issue it" is on (the admin setting). */
  | (EventBase & { type: 'ISSUE_EDITION'; fourEyes: boolean });

/**
 * What an edition recorded before it ran on this machine, for the migration that gave every
 * existing edition its instance: the instance starts where the edition stood, and its creation
 * row says so, instead of inventing the steps that led there.
 */
export interface EditionAdoption {
  state: EditionStatus;
  submittedBy: string | null;
  issuedAt: string | null;
  issuedBy: string | null;
}

export interface EditionInput {
  kind: string;
  number: string;
  /** The issued edition this one corrects; null for an edition of its own period. */
  correctsEditionId: string | null;
  adopted?: EditionAdoption;
}

export interface EditionContext {
  kind: string;
  number: string;
  correctsEditionId: string | null;
  /** Who submitted it for review; cleared when it goes back to draft. The four-eyes rule reads it. */
  submittedBy: string | null;
  issuedAt: string | null;
  issuedBy: string | null;
  /** The state the migration found it in (see EditionAdoption); null for an edition begun here. */
  adoptedIn: EditionStatus | null;
}

/** Who may send what, per state; the host reads it to answer 403 versus 409. */
export const EDITION_AUTHORITY: Record<
  EditionStatus,
  Partial<Record<EditionEventType, readonly string[]>>
> = {
  draft: { SUBMIT_EDITION: ['officeStaff'] },
  underReview: { RETURN_EDITION: ['officeStaff'], ISSUE_EDITION: ['officeStaff'] },
  issued: {},
};

/** The four-eyes rule: true when it is on and this sender is the one who submitted the edition. */
export function barredByFourEyes(
  context: Pick<EditionContext, 'submittedBy'>,
  event: { actor: Pick<EditionActor, 'userId'>; fourEyes: boolean },
): boolean {
  return event.fourEyes && context.submittedBy === event.actor.userId;
}

const roles = (state: EditionStatus, event: EditionEventType) => ({
  roles: EDITION_AUTHORITY[state][event] ?? [],
});

export const editionMachine = setup({
  types: {
    context: {} as EditionContext,
    events: {} as EditionEvent,
    input: {} as EditionInput,
  },
  guards: {
    authorized: ({ event }, params: { roles: readonly string[] }) =>
      event.actor.roles.some((r) => params.roles.includes(r)),
    notSubmitter: ({ context, event }) =>
      event.type === 'ISSUE_EDITION' && !barredByFourEyes(context, event),
    adoptedIn: ({ context }, params: { state: EditionStatus }) =>
      context.adoptedIn === params.state,
  },
  actions: {
    recordSubmission: assign({ submittedBy: ({ event }) => event.actor.userId }),
    clearSubmission: assign({ submittedBy: () => null }),
    recordIssue: assign({
      issuedAt: ({ event }) => event.at,
      issuedBy: ({ event }) => event.actor.userId,
    }),
  },
}).createMachine({
  id: 'edition',
  initial: 'opening',
  context: ({ input }) => ({
    kind: input.kind,
    number: input.number,
    correctsEditionId: input.correctsEditionId ?? null,
    submittedBy: input.adopted?.submittedBy ?? null,
    issuedAt: input.adopted?.issuedAt ?? null,
    issuedBy: input.adopted?.issuedBy ?? null,
    adoptedIn: input.adopted?.state ?? null,
  }),
  states: {
    /** Transient: a new edition is a draft; an adopted one starts where it stood. */
    opening: {
      always: [
        { target: 'underReview', guard: { type: 'adoptedIn', params: { state: 'underReview' } } },
        { target: 'issued', guard: { type: 'adoptedIn', params: { state: 'issued' } } },
        { target: 'draft' },
      ],
    },
    draft: {
      on: {
        SUBMIT_EDITION: {
          target: 'underReview',
          guard: { type: 'authorized', params: roles('draft', 'SUBMIT_EDITION') },
          actions: 'recordSubmission',
        },
      },
    },
    underReview: {
      on: {
        RETURN_EDITION: {
          target: 'draft',
          guard: { type: 'authorized', params: roles('underReview', 'RETURN_EDITION') },
          actions: 'clearSubmission',
        },
        ISSUE_EDITION: {
          target: 'issued',
          guard: and([
            { type: 'authorized', params: roles('underReview', 'ISSUE_EDITION') },
            'notSubmitter',
          ]),
          actions: 'recordIssue',
        },
      },
    },
    issued: { type: 'final' },
  },
});
