import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { AchievementContext } from '../../workflows/achievement.machine';
import { ConflictDecision } from '../evaluation/conflict-decision.entity';
import { ExpertAssignment } from '../evaluation/expert-assignment.entity';
import { creditScore, type CreditFacts, type CreditFormula } from './credit/credit-formula';
import { ExpertFlag } from './expert-flag.entity';

const emptyFacts = (): CreditFacts => ({
  assigned: 0,
  accepted: 0,
  onTime: 0,
  late: 0,
  lapsed: 0,
  recusals: 0,
  meanDeviation: null,
  conflictsFoundLater: 0,
  flags: 0,
});

/** Builds each expert's credit facts from the records the evaluation already keeps. */
@Injectable()
export class CreditService {
  async facts(em: EntityManager, expertIds: readonly string[]): Promise<Map<string, CreditFacts>> {
    const result = new Map(expertIds.map((id) => [id, emptyFacts()]));
    if (expertIds.length === 0) return result;
    const ids = [...expertIds];
    const assignments = await em.find(
      ExpertAssignment,
      { expert: { $in: ids } },
      { populate: ['achievement.workflow'] },
    );
    const deviations = new Map<string, number[]>();
    for (const a of assignments) {
      const f = result.get(a.expert.id)!;
      f.assigned++;
      if (a.status === 'recused') f.recusals++;
      else f.accepted++;
      if (a.status === 'lapsed') f.lapsed++;
      if (a.submittedAt) {
        if (a.submittedAt.getTime() <= a.dueAt.getTime()) f.onTime++;
        else f.late++;
      }
      const context = (a.achievement.workflow.snapshot as { context: AchievementContext }).context;
      if (
        a.weighted !== null &&
        a.status === 'submitted' &&
        context.aggregate !== null &&
        (context.round ?? 1) === a.round
      ) {
        const list = deviations.get(a.expert.id) ?? [];
        list.push(Math.abs(a.weighted - context.aggregate));
        deviations.set(a.expert.id, list);
      }
    }
    for (const [id, list] of deviations) {
      result.get(id)!.meanDeviation =
        Math.round((list.reduce((x, y) => x + y, 0) / list.length) * 100) / 100;
    }
    const conflicts = await em.find(ConflictDecision, {
      expert: { $in: ids },
      decision: 'confirmed',
      foundAfterAssignment: true,
    });
    for (const c of conflicts) result.get(c.expert.id)!.conflictsFoundLater++;
    const flags = await em.find(ExpertFlag, { expert: { $in: ids } });
    for (const flag of flags) result.get(flag.expert.id)!.flags++;
    return result;
  }

  async scores(
    em: EntityManager,
    expertIds: readonly string[],
    formula: CreditFormula,
  ): Promise<Map<string, number>> {
    const facts = await this.facts(em, expertIds);
    return new Map([...facts].map(([id, f]) => [id, creditScore(f, formula).score]));
  }
}
