import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { Achievement } from '../achievements/achievement.entity';
import { emOf, type Tx } from '../database/tx';
import { ExpertAssignment } from './expert-assignment.entity';

/** One item of an expert's 「已评」 list, in the list's order (latest seat first). */
export interface ReviewedItem {
  id: string;
  /** When the expert's latest seat on the item was assigned (epoch ms). */
  last: number;
}

/** The expert's own side of the evaluation: their seats, the items and the drafts on them. */
@Injectable()
export class ExpertReviewsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The items an expert was seated on, one light row each, without those still only waiting for
   * their first sheet (in scoring, every seat of theirs still open): what the 「已评」 page pages
   * over before it reads one page's seats and items.
   */
  async reviewedItems(expertId: string): Promise<ReviewedItem[]> {
    const rows: { id: string; last: number | string | Date }[] = await (this.em as SqlEntityManager)
      .getKnex()
      .from('expert_assignment as s')
      .join('achievement as a', 'a.id', 's.achievement_id')
      .join('workflow_instance as w', 'w.id', 'a.workflow_id')
      .where('s.expert_id', expertId)
      .groupBy('s.achievement_id', 'w.state')
      .havingRaw(
        "not (w.state = 'expertScoring' and sum(case when s.status <> 'active' then 1 else 0 end) = 0)",
      )
      .select('s.achievement_id as id')
      .max('s.assigned_at as last');
    return rows
      .map((r) => ({ id: String(r.id), last: new Date(r.last).getTime() }))
      .sort((x, y) => y.last - x.last || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
  }

  /** The expert's seats on the items, with each item's workflow, latest first. */
  seatsOn(tx: Tx, expertId: string, itemIds: readonly string[]): Promise<ExpertAssignment[]> {
    return emOf(tx).find(
      ExpertAssignment,
      { expert: expertId, achievement: { $in: [...itemIds] } },
      { populate: ['achievement.workflow'], orderBy: { assignedAt: 'desc' } },
    );
  }

  /** The expert's seats on one item, by round and time. */
  seatsOnItem(tx: Tx, expertId: string, itemId: string): Promise<ExpertAssignment[]> {
    return emOf(tx).find(
      ExpertAssignment,
      { expert: expertId, achievement: itemId },
      { orderBy: { round: 'asc', assignedAt: 'asc' } },
    );
  }

  /** The expert's open or submitted seats on the item, with its workflow, latest round first. */
  liveSeats(tx: Tx, expertId: string, itemId: string): Promise<ExpertAssignment[]> {
    return emOf(tx).find(
      ExpertAssignment,
      { expert: expertId, achievement: itemId, status: { $in: ['active', 'submitted'] } },
      { populate: ['achievement.workflow'], orderBy: { round: 'desc' } },
    );
  }

  itemWithWorkflow(tx: Tx, id: string): Promise<Achievement | null> {
    return emOf(tx).findOne(Achievement, id, { populate: ['workflow'] });
  }
}
