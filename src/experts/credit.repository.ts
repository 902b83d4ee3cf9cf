import { Injectable } from '@nestjs/common';
import { EntityManager, type RawQueryFragment } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';
import { ExpertFlag } from './expert-flag.entity';

/** One expert's seat totals, as numbers (the databases answer counts as text or numbers). */
export interface SeatTotals {
  expertId: string;
  assigned: number;
  recusals: number;
  lapsed: number;
  onTime: number;
  late: number;
  /** Mean distance of the expert's submitted sheets from their panel's aggregate. */
  meanDeviation: number | null;
}

interface SeatTotalsRow {
  expert_id: string;
  assigned: number | string;
  recusals: number | string;
  lapsed: number | string;
  on_time: number | string;
  late: number | string;
  mean_deviation: number | string | null;
}

/** Fixed arguments for the SQL snapshots (see GenerateSql). */
const TWO_EXPERTS = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
];

/** The reads behind an expert's credit: their seat totals and the flags raised on them. */
@Injectable()
export class CreditRepository {
  constructor(private readonly em: EntityManager) {}

  /** The caller's unit of work, or (null, as in the SQL snapshots) a fork of its own. */
  private on(tx: Tx | null): EntityManager {
    return tx ? emOf(tx) : this.em.fork();
  }

  /**
   * Seat totals in one aggregate query. Credit is asked for the whole available pool on every
   * panel seating and replacement, so loading every seat the pool ever held (with each item's
   * snapshot, for the deviation) grew with the year and dominated a province's CPU. The deviation
   * reads only the panel's aggregate and round out of the snapshot, in SQL. Experts without a seat
   * have no row.
   */
  @GenerateSql({ params: [null, TWO_EXPERTS] })
  async seatTotals(tx: Tx | null, expertIds: readonly string[]): Promise<SeatTotals[]> {
    if (expertIds.length === 0) return [];
    const ids = [...expertIds];
    const sql = this.on(tx) as SqlEntityManager;
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
    return rows.map((row) => ({
      expertId: row.expert_id,
      assigned: Number(row.assigned),
      recusals: Number(row.recusals),
      lapsed: Number(row.lapsed),
      onTime: Number(row.on_time),
      late: Number(row.late),
      meanDeviation: row.mean_deviation === null ? null : Number(row.mean_deviation),
    }));
  }

  /** The expert of each flag raised on any of the given experts, one entry per flag. */
  @GenerateSql({ params: [null, TWO_EXPERTS] })
  async flaggedExperts(tx: Tx | null, expertIds: readonly string[]): Promise<string[]> {
    const flags = await this.on(tx).find(ExpertFlag, { expert: { $in: [...expertIds] } });
    return flags.map((f) => f.expert.id);
  }
}
