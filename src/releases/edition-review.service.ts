import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EditionContext } from '../../workflows/edition.machine';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { ConflictError } from '../common/domain-errors';
import type { Tx } from '../database/tx';
import { SettingsService } from '../settings/settings.service';
import { WorkflowRunner, type TransitionResult } from '../workflow/workflow-runner.service';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import type { EditionView } from './edition-views';
import { editionWorkflow } from './edition-workflow.definition';
import type { EditionState } from './release-edition.entity';
import { ReleasesRepository } from './releases.repository';

/**
 * The review step of an edition's lifecycle (submit, return to draft) and the read model every
 * transition keeps: the edition row's status columns, written from the machine's snapshot in the
 * transaction of the transition (docs/adr/0008). Issue and correction are use cases of their own.
 */
@Injectable()
export class EditionReview implements OnModuleInit {
  constructor(
    private readonly editions: ReleasesRepository,
    private readonly editor: EditionEditor,
    private readonly queries: EditionQueries,
    private readonly runner: WorkflowRunner,
    private readonly settings: SettingsService,
  ) {}

  onModuleInit(): void {
    this.runner.onTransition(editionWorkflow.name, (em, result) => this.follow(em, result));
  }

  async submit(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    await this.editor.assertOffice(user);
    await this.editor.mutate(id, expectedVersion, ['draft'], async (tx, edition) => {
      if (edition.votingState === 'open') {
        throw new ConflictError('专家投票尚未结束,请先结束投票再提交审核');
      }
      if (!(await this.editions.countItems(tx, id, { selected: true }))) {
        throw new ConflictError('本期还没有入选成果,不能提交审核');
      }
      await this.runner.send(
        editionWorkflow,
        id,
        { type: 'SUBMIT_EDITION', actor: toWorkflowActor(user) },
        { em: tx },
      );
      return {};
    });
    return this.queries.get(user, id);
  }

  async returnToDraft(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    await this.editor.assertOffice(user);
    await this.editor.mutate(id, expectedVersion, ['underReview'], async (tx) => {
      await this.runner.send(
        editionWorkflow,
        id,
        { type: 'RETURN_EDITION', actor: toWorkflowActor(user) },
        { em: tx },
      );
      return {};
    });
    return this.queries.get(user, id);
  }

  /** True when the four-eyes rule keeps this user from issuing the edition (they submitted it). */
  async issueBarredFor(user: AuthUser, edition: EditionView): Promise<boolean> {
    if (edition.state !== 'underReview' || edition.submittedById !== user.id) return false;
    return (await this.settings.releasePolicy()).fourEyes;
  }

  private async follow(em: Tx, result: TransitionResult): Promise<void> {
    const { submittedBy, issuedAt, issuedBy } = result.snapshot.context as EditionContext;
    await this.editions.writeStatus(em, result.id, {
      state: result.state as EditionState,
      submittedBy,
      issuedAt,
      issuedBy,
    });
  }
}
