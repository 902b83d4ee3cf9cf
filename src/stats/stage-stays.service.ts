import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx';
import type { WorkflowEventInput } from '../workflow/workflow-definition';
import type { TransitionResult } from '../workflow/workflow-runner.service';
import { StageStaysRepository, type CountDelta, type CountRow } from './stage-stays.repository';
import { DECISION_EVENTS, STAY_AGGREGATES, type StayAggregate } from './stage-stays.sql';

const DECISIONS = new Set<string>(DECISION_EVENTS);

/**
 * Keeps the statistics' stays and their counts (stage-stays.sql.ts) in step with the machine: on
 * each state change of an achievement, in the transition's transaction, the item's stays are
 * rewritten from its audit rows by the statement a rebuild also runs, and each count
 * table (STAY_AGGREGATES: the funnel's entries in three groupings, durations, decisions) moves by
 * the difference between the item's counts before and after, read by the statements that also build
 * the whole tables, so the two cannot disagree. Self-transitions (scores, tracking evaluations)
 * change no stay and cost nothing here, except a county's RECOMMEND, a review decision counted in
 * stage_decision.
 */
@Injectable()
export class StageStaysService {
  constructor(private readonly repository: StageStaysRepository) {}

  /**
   * Declared in src/workflow-reactions.ts, last: on a change of state, or a review decision that
   * the stays count (a county's RECOMMEND), the item's stays and counts move.
   */
  async follow(tx: Tx, result: TransitionResult, input: WorkflowEventInput): Promise<void> {
    if (result.fromState !== result.state || DECISIONS.has(input.type)) {
      await this.refresh(tx, result.id, result.auditSeq);
    }
  }

  /**
   * Rewrites one item's stays from its audit trail and moves its counts by the audit row `seq`
   * just written, in the caller's transaction.
   */
  async refresh(tx: Tx, id: string, seq: number): Promise<void> {
    const before = await this.repository.itemCounts(tx, id, seq - 1);
    await this.repository.rewriteStays(tx, id);
    const after = await this.repository.itemCounts(tx, id, seq);
    for (const [i, aggregate] of STAY_AGGREGATES.entries()) {
      const mine = (rows: CountRow[]) => rows.filter((r) => Number(r.aggregate) === i);
      await this.move(tx, aggregate, mine(before), mine(after));
    }
  }

  /** Adds `after - before` to the aggregate's rows. */
  private async move(
    tx: Tx,
    aggregate: StayAggregate,
    before: CountRow[],
    after: CountRow[],
  ): Promise<void> {
    const delta = new Map<string, CountDelta>();
    for (const [rows, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      for (const row of rows) {
        const key = aggregate.key.map((_, j) => String(row[`k${j}`]));
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
    // An entry gone (an item's key changed) leaves a zero: the rebuilt table has no such row.
    const emptied = changed.filter((d) => d.n < 0);
    await this.repository.addCounts(tx, aggregate, changed, emptied);
  }

  /** Rebuilds every item's stays and the counts from the audit trail (as the migrations did). */
  async rebuild(tx: Tx): Promise<void> {
    await this.repository.rebuildStays(tx);
    await this.rebuildCounts(tx);
  }

  /** Rebuilds the count tables from the stays as they are. */
  async rebuildCounts(tx: Tx): Promise<void> {
    await this.repository.rebuildCounts(tx);
  }
}
