import { Injectable } from '@nestjs/common';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { ConflictError } from '../common/domain-errors';
import { requireRole } from '../common/role-policy';
import { Transactions } from '../database/tx';
import { SettingsService } from '../settings/settings.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { EligibilityService } from './eligibility.service';
import { EvaluationRepository } from './evaluation.repository';
import { PanelForming } from './panel-forming';

/**
 * Passes several items' eligibility at once (office): every item must be in eligibility check,
 * their panels are solved together so one expert is not seated everywhere, then each item gets
 * its PASS_ELIGIBILITY with the scoring policy, its panel and its eligibility decision.
 */
@Injectable()
export class PassEligibilityBatch {
  constructor(
    private readonly transactions: Transactions,
    private readonly items: EvaluationRepository,
    private readonly eligibility: EligibilityService,
    private readonly panels: PanelForming,
    private readonly scoring: SettingsService,
    private readonly runner: WorkflowRunner,
  ) {}

  async execute(
    user: AuthUser,
    ids: string[],
    comment: string | undefined,
  ): Promise<{ id: string; state: string; panel: number; shortfall: number }[]> {
    requireRole(user, ['officeStaff'], '只有省科技厅工作人员可以批量通过形式审查');
    const tx = this.transactions.reader();
    const items = [];
    for (const id of [...new Set(ids)]) {
      const item = await this.items.item(tx, id);
      if (item.workflow.state !== 'eligibilityCheck') {
        throw new ConflictError('只有形式审查中的成果可以通过', { id, state: item.workflow.state });
      }
      items.push(item);
    }
    const decisions = new Map<string, unknown>();
    for (const item of items) {
      decisions.set(item.id, await this.eligibility.passDecision(tx, item, comment));
    }
    const proposals = await this.panels.proposeFor(tx, items);
    const scoring = await this.scoring.scoringPolicy();
    const results = [];
    for (const item of items) {
      const payload = { scoring, ...proposals[item.id], eligibility: decisions.get(item.id) };
      const result = await this.runner.send(achievementWorkflow, item.workflow.id, {
        type: 'PASS_ELIGIBILITY',
        actor: toWorkflowActor(user),
        comment,
        payload,
      });
      results.push({
        id: item.id,
        state: result.state,
        panel: proposals[item.id].panel.length,
        shortfall: proposals[item.id].shortfall,
      });
    }
    return results;
  }
}
