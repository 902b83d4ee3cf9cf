import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';
import { StrategicDomain } from '../reference/strategic-domain.entity';
import { ConflictDecision } from './conflict-decision.entity';
import { ExpertAssignment } from './expert-assignment.entity';

/** The office's decision on one expert and one item. */
export interface DecisionRow {
  itemId: string;
  expertId: string;
  decision: ConflictDecision['decision'];
}

/** Fixed arguments for the SQL snapshots (see GenerateSql). */
const TWO_IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

/**
 * What forming a panel reads besides the pool and credit: the office's conflict decisions on the
 * items, the pool's open seats (the load the solver spreads) and who already left each item's
 * panel, and the names of the experts' fields.
 */
@Injectable()
export class PanelRepository {
  constructor(private readonly em: EntityManager) {}

  /** The caller's unit of work, or (null, as in the SQL snapshots) a fork of its own. */
  private on(tx: Tx | null): EntityManager {
    return tx ? emOf(tx) : this.em.fork();
  }

  /** The office's conflict decisions on the items, oldest first (so the latest wins when read in order). */
  @GenerateSql({ params: [null, TWO_IDS] })
  async conflictDecisions(tx: Tx | null, itemIds: readonly string[]): Promise<DecisionRow[]> {
    const decisions = await this.on(tx).find(
      ConflictDecision,
      { achievement: { $in: [...itemIds] } },
      { orderBy: { decidedAt: 'asc' } },
    );
    return decisions.map((d) => ({
      itemId: d.achievement.id,
      expertId: d.expert.id,
      decision: d.decision,
    }));
  }

  /** How many open (active) seats each of the experts holds; experts with none are left out. */
  @GenerateSql({ params: [null, TWO_IDS] })
  async openLoads(tx: Tx | null, expertIds: readonly string[]): Promise<Map<string, number>> {
    const active = await this.on(tx).find(ExpertAssignment, {
      status: 'active',
      expert: { $in: [...expertIds] },
    });
    const load = new Map<string, number>();
    for (const a of active) load.set(a.expert.id, (load.get(a.expert.id) ?? 0) + 1);
    return load;
  }

  /**
   * The experts who already left each item's panel (recused, lapsed, removed, conflict): never
   * proposed for that item again.
   */
  @GenerateSql({ params: [null, TWO_IDS] })
  async departed(
    tx: Tx | null,
    itemIds: readonly string[],
  ): Promise<{ itemId: string; expertId: string }[]> {
    const past = await this.on(tx).find(ExpertAssignment, {
      achievement: { $in: [...itemIds] },
      status: { $in: ['recused', 'lapsed', 'removed', 'conflict'] },
    });
    return past.map((p) => ({ itemId: p.achievement.id, expertId: p.expert.id }));
  }

  /** The names of the given strategic-domain keys (unknown keys are left out). */
  async domainNames(tx: Tx, keys: readonly string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    const domains = await emOf(tx).find(
      StrategicDomain,
      { key: { $in: [...keys] } },
      { fields: ['key', 'name'] },
    );
    return new Map(domains.map((d) => [d.key, d.name]));
  }
}
