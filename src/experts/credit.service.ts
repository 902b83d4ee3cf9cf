import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx';
import {
  creditScore,
  emptyCreditFacts,
  type CreditFacts,
  type CreditFormula,
} from './credit/credit-formula';
import { CreditRepository } from './credit.repository';
import { EvaluationRecords } from './evaluation-records';

/** Builds each expert's credit facts from the records the evaluation already keeps. */
@Injectable()
export class CreditService {
  constructor(
    private readonly evaluation: EvaluationRecords,
    private readonly repository: CreditRepository,
  ) {}

  /** Seat totals (one aggregate query, see CreditRepository), late conflicts and flags. */
  async facts(tx: Tx, expertIds: readonly string[]): Promise<Map<string, CreditFacts>> {
    const result = new Map(expertIds.map((id) => [id, emptyCreditFacts()]));
    if (expertIds.length === 0) return result;
    const ids = [...expertIds];
    for (const row of await this.repository.seatTotals(tx, ids)) {
      const f = result.get(row.expertId);
      if (!f) continue;
      f.assigned = row.assigned;
      f.recusals = row.recusals;
      f.accepted = f.assigned - f.recusals;
      f.lapsed = row.lapsed;
      f.onTime = row.onTime;
      f.late = row.late;
      f.meanDeviation =
        row.meanDeviation === null ? null : Math.round(row.meanDeviation * 100) / 100;
    }
    for (const expert of await this.evaluation.conflictsFoundLater(tx, ids))
      result.get(expert)!.conflictsFoundLater++;
    for (const expert of await this.repository.flaggedExperts(tx, ids)) result.get(expert)!.flags++;
    return result;
  }

  async scores(
    tx: Tx,
    expertIds: readonly string[],
    formula: CreditFormula,
  ): Promise<Map<string, number>> {
    const facts = await this.facts(tx, expertIds);
    return new Map([...facts].map(([id, f]) => [id, creditScore(f, formula).score]));
  }
}
