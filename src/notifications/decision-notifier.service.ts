import { Injectable } from '@nestjs/common';
import type { AchievementContext } from '../../workflows/achievement.machine';
import { Clock } from '../common/clock';
import type { WorkflowEventInput } from '../workflow/workflow-definition';
import type { TransitionResult, TransitionTx } from '../workflow/workflow-runner.service';
import { decisionNotice, featuredNotice, type DecisionNotice } from './decision-notices';
import { NotificationsRepository } from './notifications.repository';
import type { Tx } from '../database/tx';
import { NotificationsService } from './notifications.service';

/**
 * The rules of the checklist recorded on entering 形式审查 that the item failed, in words. The
 * evaluation owns the checklist and registers this (it depends on notifications, not back).
 */
export type FailedRules = (tx: TransitionTx, itemId: string) => Promise<string[]>;

/**
 * Tells the owning unit of every decision on its item (returned, declined, rejected, entered the
 * library, published, revoked, featured in an edition). A runner listener, like the library entry
 * and the eligibility checklist: the notice is written in the transaction of the transition,
 * whoever sends it (a recommender, the office, the last expert's score), so a decision that rolls
 * back tells nobody and one that commits always tells. The recipients are the submitters of the
 * owner organisation; e-mail goes through the outbox where SMTP is configured.
 */
@Injectable()
export class DecisionNotifier {
  private failedRulesOf: FailedRules | null = null;

  constructor(
    private readonly notifications: NotificationsService,
    private readonly repository: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  /** Declared in src/workflow-reactions.ts: runs in the transaction of every item transition. */
  async onTransition(tx: Tx, result: TransitionResult, input: WorkflowEventInput): Promise<void> {
    if (result.state === result.fromState) return;
    const context = (result.snapshot as { context: AchievementContext }).context;
    // The whole row, not a partial one: other listeners read the same entity from this
    // transaction's identity map.
    const item = await this.repository.achievement(tx, result.id);
    if (!item) return;
    const failedRules =
      result.state === 'rejected' && result.fromState === 'eligibilityCheck'
        ? await this.failedRules(tx, result.id)
        : [];
    const notice = decisionNotice({
      itemId: result.id,
      title: item.title,
      fromState: result.fromState,
      state: result.state,
      event: input.type,
      comment: input.comment ?? null,
      outcomeReason: context.outcome?.reason ?? null,
      failedRules,
      at: this.clock.now(),
    });
    if (!notice) return;
    // One notice per transition: the audit sequence names it, so a retried listener adds nothing.
    await this.send(
      tx,
      context.ownerOrganizationId,
      notice,
      `decision:${result.id}:${result.auditSeq}`,
    );
  }

  /** Tells each item's unit that the edition just issued features it; called by the issue. */
  async featured(
    tx: Tx,
    edition: { id: string; name: string },
    items: { id: string; title: string; ownerOrganizationId: string }[],
  ): Promise<void> {
    const at = this.clock.now();
    for (const item of items) {
      const notice = featuredNotice({
        itemId: item.id,
        title: item.title,
        editionId: edition.id,
        editionName: edition.name,
        at,
      });
      await this.send(tx, item.ownerOrganizationId, notice, `featured:${edition.id}:${item.id}`);
    }
  }

  /** Registers the evaluation's reading of the rules an item failed (EligibilityService). */
  explainRejections(failedRules: FailedRules): void {
    if (this.failedRulesOf) throw new Error('rejections already explained');
    this.failedRulesOf = failedRules;
  }

  private failedRules(tx: Tx, id: string): Promise<string[]> {
    if (!this.failedRulesOf) throw new Error('no module explains rejections at eligibility');
    // Only the runner calls onTransition, always with its transition's transaction (a
    // TransitionTx); src/workflow-reactions.ts still names it by its EntityManager type.
    return this.failedRulesOf(tx, id);
  }

  private async send(
    tx: Tx,
    organizationId: string,
    notice: DecisionNotice,
    dedupeKey: string,
  ): Promise<void> {
    const recipients = await this.notifications.recipientsWithRole(tx, organizationId, 'submitter');
    if (!recipients.length) return;
    await this.notifications.notify(tx, { recipients, ...notice, dedupeKey });
  }
}
