import type { SnapshotFrom } from 'xstate';
import {
  EDITION_AUTHORITY,
  EDITION_MACHINE_VERSION,
  editionMachine,
  type EditionContext,
  type EditionInput,
} from '../../workflows/edition.machine';
import { authorityTableRules, type WorkflowDefinition } from '../workflow/workflow-definition';
import type { EditionEventType, EditionStatus } from '../../workflows/edition.machine';

type EditionSnapshot = SnapshotFrom<typeof editionMachine>;

/** `opening` is the machine's transient start; no row records it, but every state has words. */
const EDITION_STATUS_LABELS: Record<EditionStatus | 'opening', string> = {
  opening: '新建',
  draft: '草稿',
  underReview: '审核中',
  issued: '已签发',
};

const EDITION_EVENT_LABELS: Record<EditionEventType, string> = {
  SUBMIT_EDITION: '提交刊期审核',
  RETURN_EDITION: '刊期退回草稿',
  ISSUE_EDITION: '签发刊期',
};

/**
 * The edition's lifecycle as the runner runs it. An edition's instance has the edition's own id,
 * so the edition row needs no link column and the trail of an edition is found by its id.
 */
export const editionWorkflow: WorkflowDefinition<typeof editionMachine> = {
  name: 'edition',
  // `always`: the transient start moving a new (or adopted) edition to its first state.
  labels: {
    states: EDITION_STATUS_LABELS,
    events: { ...EDITION_EVENT_LABELS, always: '建立刊期' },
  },
  version: EDITION_MACHINE_VERSION,
  machine: editionMachine,
  stateOf: (snapshot: EditionSnapshot) => String(snapshot.value),
  batchOf: () => null,
  inputOf: (snapshot): EditionInput => {
    const context = snapshot.context as EditionContext;
    return {
      kind: context.kind,
      number: context.number,
      correctsEditionId: context.correctsEditionId,
      ...(context.adoptedIn
        ? {
            adopted: {
              state: context.adoptedIn,
              submittedBy: context.submittedBy,
              issuedAt: context.issuedAt,
              issuedBy: context.issuedBy,
            },
          }
        : {}),
    };
  },
  ...authorityTableRules(EDITION_AUTHORITY),
};
