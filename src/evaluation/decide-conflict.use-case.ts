import { Injectable } from '@nestjs/common';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import { ExpertPoolService } from '../experts/expert-pool.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import type { PanelChange } from './assignment-tracker.service';
import { EvaluationRepository } from './evaluation.repository';
import { PanelCandidatesService } from './panel-candidates.service';
import { PanelForming, panelOf } from './panel-forming';

/**
 * The office's word on a conflict. A false positive lets the expert be assigned; a confirmed
 * conflict keeps the expert off the item, removes and replaces them if they sit on the open
 * panel, and counts against their credit as found after the fact if they ever held a seat on
 * it. Either way the decision is in the item's audit trail, written with the decision row.
 */
@Injectable()
export class DecideConflict {
  constructor(
    private readonly transactions: Transactions,
    private readonly items: EvaluationRepository,
    private readonly pool: ExpertPoolService,
    private readonly candidates: PanelCandidatesService,
    private readonly panels: PanelForming,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
  ) {}

  async execute(
    user: AuthUser,
    id: string,
    expertId: string,
    decision: 'falsePositive' | 'confirmed',
    reason: string,
  ) {
    const tx = this.transactions.reader();
    const item = await this.items.item(tx, id);
    const member = await this.pool.member(tx, expertId);
    if (!member) throw new NotFoundError('该用户不是评审专家', { expertId });
    const suggested = (await this.candidates.conflicts(tx, item, [member]))[0].suggested;
    if (decision === 'falsePositive' && suggested.length === 0) {
      throw new ConflictError('系统未提示该专家与成果存在利益冲突', { expertId });
    }
    const onPanel = panelOf(item).includes(expertId) && item.workflow.state === 'expertScoring';
    // Found after the fact: counted once per item, also when scoring has closed since.
    const foundAfterAssignment =
      decision === 'confirmed' && (await this.items.conflictFoundLater(tx, id, expertId));
    const record = (transition: Tx) => {
      this.items.recordConflictDecision(transition, {
        achievement: id,
        expert: expertId,
        decision,
        kinds: suggested.map((c) => c.kind),
        foundAfterAssignment,
        reason,
        decidedBy: user.id,
        decidedAt: this.clock.now(),
      });
    };
    const audit = { expertId, decision, kinds: suggested.map((c) => c.kind), foundAfterAssignment };
    if (decision === 'confirmed' && onPanel) {
      const { current, added, conflicts } = await this.panels.replace(tx, item, expertId);
      const change: PanelChange = { expertId, status: 'conflict' };
      return this.runner.send(
        achievementWorkflow,
        item.workflow.id,
        {
          type: 'ASSIGN_PANEL',
          actor: toWorkflowActor(user),
          comment: `确认利益冲突:${reason}`,
          payload: { panel: [...current, ...added], change, conflict: audit, conflicts },
        },
        { afterTransition: (transition) => Promise.resolve(record(transition)) },
      );
    }
    return this.runner.record(
      achievementWorkflow,
      item.workflow.id,
      {
        type: decision === 'falsePositive' ? 'CONFLICT_CLEARED' : 'CONFLICT_CONFIRMED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        comment: reason,
        payload: audit,
      },
      { apply: (transition) => Promise.resolve(record(transition)) },
    );
  }
}
