import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { NotFoundError } from '../common/domain-errors';
import { ConflictDecision } from './conflict-decision.entity';
import { ExpertAssignment } from './expert-assignment.entity';

/** What the evaluation loads with an item: its workflow (the panel), owner and domain. */
const POPULATE = ['workflow', 'ownerOrganization', 'domain'] as const;

/** The evaluation's reads: items with their panels, seats and the office's conflict decisions. */
@Injectable()
export class EvaluationRepository {
  constructor(private readonly em: EntityManager) {}

  /** A fresh context for one request or job. */
  fork(): EntityManager {
    return this.em.fork();
  }

  /** The item as it is now (refreshed: a panel read before a send must not be stale). */
  async item(em: EntityManager, id: string): Promise<Achievement> {
    const item = await em.findOne(Achievement, { id }, { populate: POPULATE, refresh: true });
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }

  /** Several items at once (missing ids are left out). */
  items(em: EntityManager, ids: readonly string[]): Promise<Achievement[]> {
    return em.find(Achievement, { id: { $in: [...ids] } }, { populate: POPULATE, refresh: true });
  }

  /** Every seat the items ever had, with the expert's unit, by round and time. */
  seatsOf(em: EntityManager, itemIds: readonly string[]): Promise<ExpertAssignment[]> {
    return em.find(
      ExpertAssignment,
      { achievement: { $in: [...itemIds] } },
      { populate: ['expert.organization'], orderBy: { round: 'asc', assignedAt: 'asc' } },
    );
  }

  /** An expert's open seats on items still in scoring, soonest deadline first. */
  openSeats(expertId: string): Promise<ExpertAssignment[]> {
    return this.em.fork().find(
      ExpertAssignment,
      {
        expert: expertId,
        status: 'active',
        achievement: { workflow: { state: 'expertScoring' } },
      },
      { populate: ['achievement.domain'], orderBy: { dueAt: 'asc' } },
    );
  }

  seat(em: EntityManager, assignmentId: string): Promise<ExpertAssignment | null> {
    return em.findOne(ExpertAssignment, assignmentId);
  }

  /** The items an expert holds or held a seat on, in any round and however the seat ended. */
  async seatedItems(expertId: string): Promise<string[]> {
    const seats = await this.em
      .fork()
      .find(ExpertAssignment, { expert: expertId }, { fields: ['achievement'] });
    return [...new Set(seats.map((s) => s.achievement.id))];
  }

  async holdsSeat(expertId: string, itemId: string): Promise<boolean> {
    return (
      (await this.em.fork().count(ExpertAssignment, { expert: expertId, achievement: itemId })) > 0
    );
  }

  /**
   * Whether a conflict confirmed now is found after the fact: the expert held a seat on the item
   * (scoring, scored, lapsed or taken off), and no earlier confirmation counted it already. A
   * recusal was the expert's own disclosure and does not count.
   */
  async conflictFoundLater(em: EntityManager, itemId: string, expertId: string): Promise<boolean> {
    return (
      (await em.count(ExpertAssignment, {
        achievement: itemId,
        expert: expertId,
        status: { $in: ['active', 'submitted', 'lapsed', 'removed'] },
      })) > 0 &&
      (await em.count(ConflictDecision, {
        achievement: itemId,
        expert: expertId,
        decision: 'confirmed',
        foundAfterAssignment: true,
      })) === 0
    );
  }
}
