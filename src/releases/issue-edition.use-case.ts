import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AchievementState } from '../../workflows/achievement.machine';
import type { EditionContext } from '../../workflows/edition.machine';
import { STATE_LABELS } from '../achievements/achievement-labels';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { ConflictError, DomainError } from '../common/domain-errors';
import { DecisionNotifier } from '../notifications/decision-notifier.service';
import { SettingsService } from '../settings/settings.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { EditionDocuments } from './edition-documents.service';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import { KIND_LABELS, fourEyesRefusal, type EditionView } from './edition-views';
import { editionWorkflow } from './edition-workflow.definition';
import { ReleasesRepository } from './releases.repository';

/**
 * Issues an edition: every selected item still in the library is published, the edition's
 * machine moves to issued and its documents are stored in the row, all in one transaction. If any
 * item cannot be published (revoked, suspended…), nothing is issued or published and the 409
 * names the item. Four eyes (an admin setting, on by default): whoever submitted it for review
 * may not issue it; checked here for the person's message, and by the machine under its lock.
 */
@Injectable()
export class IssueEdition {
  private readonly logger = new Logger('Releases');

  constructor(
    private readonly editions: ReleasesRepository,
    private readonly editor: EditionEditor,
    private readonly queries: EditionQueries,
    private readonly documents: EditionDocuments,
    private readonly runner: WorkflowRunner,
    private readonly decisions: DecisionNotifier,
    private readonly settings: SettingsService,
  ) {}

  async execute(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    await this.editor.assertOffice(user);
    const actor = toWorkflowActor(user);
    const { fourEyes } = await this.settings.releasePolicy();
    await this.editor.mutate(id, expectedVersion, ['underReview'], async (tx, edition) => {
      if (fourEyes && edition.submittedBy?.id === user.id) throw fourEyesRefusal();
      const items = await this.editions.items(tx, id, { selectedOnly: true });
      if (!items.length) throw new ConflictError('本期没有入选成果,不能签发');
      if (edition.kind === 'monthly' && !edition.distributionList?.length) {
        throw new ConflictError('月报签发前须填写报送范围');
      }
      for (const item of items) {
        const achievement = item.achievement;
        const state = achievement.workflow.state as AchievementState;
        if (state === 'published') continue;
        const refuse = (current: string) =>
          new ConflictError(
            `成果《${achievement.title}》当前状态为「${current}」,无法随本期发布;本期未签发`,
            { achievementId: achievement.id, state: current },
          );
        if (state !== 'inLibrary') throw refuse(STATE_LABELS[state] ?? state);
        try {
          await this.runner.send(
            achievementWorkflow,
            achievement.workflow.id,
            {
              type: 'PUBLISH',
              actor,
              comment: `随${KIND_LABELS[edition.kind]}${edition.number}发布`,
            },
            { em: tx },
          );
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          // The runner re-read the item under its lock; it moved since it was read above.
          const now = err.details.state as AchievementState | undefined;
          throw refuse(now ? (STATE_LABELS[now] ?? now) : err.message);
        }
      }
      await this.decisions.featured(
        // The notifier still takes the transaction's EntityManager (its move is separate).
        tx,
        { id: edition.id, name: `${edition.number}${KIND_LABELS[edition.kind]}` },
        items.map(({ achievement: a }) => ({
          id: a.id,
          title: a.title,
          ownerOrganizationId: a.ownerOrganization.id,
        })),
      );
      // The machine checks the four-eyes rule again, under the edition's lock, and its audit row
      // records the setting the issue was decided under. The documents carry the issue's own time.
      await this.runner.send(
        editionWorkflow,
        id,
        { type: 'ISSUE_EDITION', actor, payload: { fourEyes } },
        {
          em: tx,
          afterTransition: async (em, result) => {
            const issuedAt = new Date((result.snapshot.context as EditionContext).issuedAt!);
            const { docx, html } = await this.documents.render(em, edition, items, issuedAt);
            await this.editions.update(em, id, { docx, docxSha256: sha256Of(docx), html });
          },
        },
      );
      return {};
    });
    this.logger.log(`刊期 ${id} 已签发`);
    return this.queries.get(user, id);
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
