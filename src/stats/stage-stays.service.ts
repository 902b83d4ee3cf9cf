import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import {
  STAY_AGGREGATES,
  aggregateSql,
  backfillStageStaysSql,
  backfillStayAggregatesSql,
  insertStageStaysSql,
  type StayAggregate,
} from '../../migrations/stage-stay.sql';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WorkflowRunner } from '../workflow/workflow-runner.service';

type CountRow = Record<string, string | number>;

/**
 * Keeps the statistics' stays and their counts (migrations/stage-stay.sql.ts) in step with the
 * machine: on each state change of an achievement, in the transition's transaction, the item's
 * stays are rewritten from its audit rows by the same statement the migration's backfill runs,
 * and each count table (stage_count, stage_duration) moves by the difference between the item's
 * counts before and after, read by the statement that also builds the whole table, so the two
 * cannot disagree. Self-transitions (scores, tracking evaluations) change no stay and cost
 * nothing here.
 */
@Injectable()
export class StageStaysService implements OnModuleInit {
  constructor(
    private readonly runner: WorkflowRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.onTransition('achievement', async (em, result) => {
      if (result.fromState !== result.state) await this.refresh(em, result.id);
    });
  }

  /** Rewrites one item's stays from its audit trail and moves its counts, in the caller's transaction. */
  async refresh(em: EntityManager, id: string): Promise<void> {
    const sql = em as SqlEntityManager;
    const counts = async () => {
      const out: CountRow[][] = [];
      for (const a of STAY_AGGREGATES) {
        out.push(await sql.execute<CountRow[]>(aggregateSql(a, this.postgres, true), [id]));
      }
      return out;
    };
    const before = await counts();
    await sql.execute('delete from "stage_stay" where "instance_id" = ?', [id]);
    await sql.execute(insertStageStaysSql(this.postgres, true), [id]);
    const after = await counts();
    for (const [i, aggregate] of STAY_AGGREGATES.entries()) {
      await this.move(sql, aggregate, before[i], after[i]);
    }
  }

  /** Adds `after - before` to the aggregate's rows. */
  private async move(
    sql: SqlEntityManager,
    aggregate: StayAggregate,
    before: CountRow[],
    after: CountRow[],
  ): Promise<void> {
    const delta = new Map<string, { key: string[]; n: number }>();
    for (const [rows, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      for (const row of rows) {
        const key = aggregate.key.map((k) => String(row[k]));
        const joined = key.join('\u0000');
        const entry = delta.get(joined) ?? { key, n: 0 };
        entry.n += sign * Number(row.n);
        delta.set(joined, entry);
      }
    }
    // A state change usually adds one entry and ends one stay: a row or two move. Rows go in key
    // order, so two transactions on PostgreSQL lock shared rows in the same order and cannot
    // deadlock on them.
    const changed = [...delta.entries()]
      .filter(([, d]) => d.n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, d]) => d);
    if (!changed.length) return;
    const key = aggregate.key.map((k) => `"${k}"`).join(', ');
    const row = `(${[...aggregate.key, 'n'].map(() => '?').join(', ')})`;
    await sql.execute(
      `insert into "${aggregate.table}" (${key}, "n") values ${changed.map(() => row).join(', ')}
       on conflict (${key}) do update set "n" = "${aggregate.table}"."n" + excluded."n"`,
      changed.flatMap((d) => [...d.key, d.n]),
    );
    // An entry gone (an item's key changed) leaves a zero: the rebuilt table has no such row.
    const emptied = changed.filter((d) => d.n < 0);
    if (emptied.length) {
      const match = `(${aggregate.key.map((k) => `"${k}" = ?`).join(' and ')})`;
      await sql.execute(
        `delete from "${aggregate.table}" where "n" = 0 and (${emptied.map(() => match).join(' or ')})`,
        emptied.flatMap((d) => d.key),
      );
    }
  }

  /** Rebuilds every item's stays and the counts from the audit trail (what the migration did). */
  async rebuild(em: EntityManager): Promise<void> {
    for (const statement of [
      ...backfillStageStaysSql(this.postgres),
      ...backfillStayAggregatesSql(this.postgres),
    ]) {
      await (em as SqlEntityManager).execute(statement);
    }
  }

  private get postgres(): boolean {
    return this.config.databaseUrl !== null;
  }
}
