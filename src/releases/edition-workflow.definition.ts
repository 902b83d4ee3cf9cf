import type { SnapshotFrom } from 'xstate';
import {
  EDITION_AUTHORITY,
  EDITION_MACHINE_VERSION,
  editionMachine,
  type EditionContext,
  type EditionInput,
} from '../../workflows/edition.machine';
import { authorityTableRules, type WorkflowDefinition } from '../workflow/workflow-definition';

type EditionSnapshot = SnapshotFrom<typeof editionMachine>;

/**
 * The edition's lifecycle as the runner runs it. An edition's instance has the edition's own id,
 * so the edition row needs no link column and the trail of an edition is found by its id.
 */
export const editionWorkflow: WorkflowDefinition<typeof editionMachine> = {
  name: 'edition',
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
