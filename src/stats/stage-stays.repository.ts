import { Injectable } from '@nestjs/common';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { dialectOf } from '../database/dialect';
import { emOf, type Tx } from '../database/tx';
import {
  backfillStageStaysSql,
  backfillStayAggregatesSql,
  insertStageStaysSql,
  itemAggregatesSql,
  type StayAggregate,
} from './stage-stays.sql';

/** A row of itemAggregatesSql: which aggregate, its key as text in k0…, the count. */
export type CountRow = Record<string, string | number>;

/** A count to add to an aggregate's row (negative to take away). */
export interface CountDelta {
  key: string[];
  n: number;
}

/**
 * The statements that keep the stays and their count tables (stage-stays.sql.ts), each in the
 * caller's transaction: StageStaysService decides what moves, these write it.
 */
@Injectable()
export class StageStaysRepository {
  /** An item's rows of every count table, as its audit rows up to `upTo` make them. */
  itemCounts(tx: Tx, id: string, upTo: number): Promise<CountRow[]> {
    const em = emOf(tx) as SqlEntityManager;
    return em.execute<CountRow[]>(itemAggregatesSql(dialectOf(em)), [id, upTo]);
  }

  /** Rewrites one item's stays from its audit trail. */
  async rewriteStays(tx: Tx, id: string): Promise<void> {
    const em = emOf(tx) as SqlEntityManager;
    await em.execute('delete from "stage_stay" where "instance_id" = ?', [id]);
    await em.execute(insertStageStaysSql(dialectOf(em), true), [id]);
  }

  /**
   * Adds each delta to its row of the aggregate's table, in the order given (key order, so that
   * two transactions on PostgreSQL lock shared rows in the same order), then deletes the rows
   * of `emptied` left at zero: the rebuilt table has no such row.
   */
  async addCounts(
    tx: Tx,
    aggregate: StayAggregate,
    changed: CountDelta[],
    emptied: CountDelta[],
  ): Promise<void> {
    const em = emOf(tx) as SqlEntityManager;
    const key = aggregate.key.map((k) => `"${k}"`).join(', ');
    const row = `(${[...aggregate.key, 'n'].map(() => '?').join(', ')})`;
    await em.execute(
      `insert into "${aggregate.table}" (${key}, "n") values ${changed.map(() => row).join(', ')}
       on conflict (${key}) do update set "n" = "${aggregate.table}"."n" + excluded."n"`,
      changed.flatMap((d) => [...d.key, d.n]),
    );
    if (emptied.length) {
      const match = `(${aggregate.key.map((k) => `"${k}" = ?`).join(' and ')})`;
      await em.execute(
        `delete from "${aggregate.table}" where "n" = 0 and (${emptied.map(() => match).join(' or ')})`,
        emptied.flatMap((d) => d.key),
      );
    }
  }

  /** Rebuilds every item's stays from the audit trail (as the migrations did). */
  async rebuildStays(tx: Tx): Promise<void> {
    const em = emOf(tx) as SqlEntityManager;
    for (const statement of backfillStageStaysSql(dialectOf(em))) await em.execute(statement);
  }

  /** Rebuilds the count tables from the stays as they are. */
  async rebuildCounts(tx: Tx): Promise<void> {
    const em = emOf(tx) as SqlEntityManager;
    for (const statement of backfillStayAggregatesSql(dialectOf(em))) await em.execute(statement);
  }
}
