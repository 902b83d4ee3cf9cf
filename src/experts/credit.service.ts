import { Injectable } from '@nestjs/common';
import type { EntityManager, RawQueryFragment } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import {
  creditScore,
  emptyCreditFacts,
  type CreditFacts,
  type CreditFormula,
} from './credit/credit-formula';
import { EvaluationRecords } from './evaluation-records';
import { ExpertFlag } from './expert-flag.entity';

interface SeatTotalsRow {
  expert_id: string;
  assigned: number | string;
  recusals: number | string;
  lapsed: number | string;
  on_time: number | string;
  late: number | string;
  mean_deviation: number | string | null;
}

/** Builds each expert's credit facts from the records the evaluation already keeps. */
@Injectable()
export class CreditService {
  constructor(private readonly evaluation: EvaluationRecords) {}

  /**
   * Seat totals come from one aggregate query. Credit is asked for the whole available pool on
   * every panel seating and replacement, so loading every seat the pool ever held (with each
   * item's snapshot, for the deviation) grew with the year and dominated a province's CPU.
   * The deviation reads only the panel's aggregate and round out of the snapshot, in SQL.
   */
  async facts(em: EntityManager, expertIds: readonly string[]): Promise<Map<string, CreditFacts>> {
    const result = new Map(expertIds.map((id) => [id, emptyCreditFacts()]));
    if (expertIds.length === 0) return result;
    const ids = [...expertIds];
    const sql = em as SqlEntityManager;
    const context = (key: string) =>
      (
        sql
          .getPlatform()
          .getSearchJsonPropertyKey(
            ['w.snapshot', 'context', key],
            'number',
            false,
          ) as unknown as RawQueryFragment
      ).sql;
    const aggregate = context('aggregate');
    const rows = await sql.execute<SeatTotalsRow[]>(
      `select a."expert_id" as "expert_id",
        count(*) as "assigned",
        sum(case when a."status" = 'recused' then 1 else 0 end) as "recusals",
        sum(case when a."status" = 'lapsed' then 1 else 0 end) as "lapsed",
        sum(case when a."submitted_at" <= a."due_at" then 1 else 0 end) as "on_time",
        sum(case when a."submitted_at" > a."due_at" then 1 else 0 end) as "late",
        avg(case
          when a."weighted" is not null and a."status" = 'submitted' and ${aggregate} is not null
            and coalesce(${context('round')}, 1) = a."round"
          then abs(a."weighted" - ${aggregate})
        end) as "mean_deviation"
      from "expert_assignment" a
      join "achievement" i on i."id" = a."achievement_id"
      join "workflow_instance" w on w."id" = i."workflow_id"
      where a."expert_id" in (${ids.map(() => '?').join(', ')})
      group by a."expert_id"`,
      ids,
    );
    for (const row of rows) {
      const f = result.get(row.expert_id);
      if (!f) continue;
      f.assigned = Number(row.assigned);
      f.recusals = Number(row.recusals);
      f.accepted = f.assigned - f.recusals;
      f.lapsed = Number(row.lapsed);
      f.onTime = Number(row.on_time);
      f.late = Number(row.late);
      f.meanDeviation =
        row.mean_deviation === null ? null : Math.round(Number(row.mean_deviation) * 100) / 100;
    }
    for (const expert of await this.evaluation.conflictsFoundLater(em, ids))
      result.get(expert)!.conflictsFoundLater++;
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
