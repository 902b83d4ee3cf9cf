import { Injectable } from '@nestjs/common';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError } from '../common/domain-errors';
import { Transactions } from '../database/tx';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import type { EditionView } from './edition-views';
import { editionWorkflow } from './edition-workflow.definition';
import { ReleasesRepository } from './releases.repository';

/**
 * Corrects an issued edition: a new draft of the same number with the same items, pointing at the
 * issued one, whose own workflow instance starts with that link in its input. The issued edition
 * itself never changes.
 */
@Injectable()
export class CorrectEdition {
  constructor(
    private readonly editions: ReleasesRepository,
    private readonly editor: EditionEditor,
    private readonly queries: EditionQueries,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
  ) {}

  async execute(user: AuthUser, id: string): Promise<EditionView> {
    await this.editor.assertOffice(user);
    const original = await this.editions.load(this.transactions.reader(), id);
    if (original.state !== 'issued') throw new ConflictError('只有已签发的刊期才能更正');
    const now = this.clock.now();
    const correction = await this.transactions.run(async (tx) => {
      const items = await this.editions.items(tx, id);
      const created = this.editions.createEdition(
        tx,
        {
          kind: original.kind,
          number: original.number,
          year: original.year,
          sequence: original.sequence,
          periodStart: original.periodStart,
          periodEnd: original.periodEnd,
          correctsEdition: original.id,
          state: 'draft',
          version: 1,
          votingState: 'none',
          distributionList: original.distributionList,
          copyList: original.copyList,
          eventDetails: original.eventDetails,
          createdAt: now,
          updatedAt: now,
        },
        items.map((item) => ({
          achievementId: item.achievement.id,
          position: item.position,
          blurb: item.blurb,
          shortlisted: item.shortlisted,
          selected: item.selected,
        })),
      );
      this.runner.start(
        tx,
        editionWorkflow,
        created.id,
        { kind: created.kind, number: created.number, correctsEditionId: original.id },
        toWorkflowActor(user),
        'officeStaff',
      );
      await this.editions.flush(tx);
      return created;
    });
    return this.queries.get(user, correction.id);
  }
}
