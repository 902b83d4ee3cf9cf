import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { NotFoundError } from '../common/domain-errors';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';
import { AppSetting } from '../settings/app-setting.entity';
import { ConflictDecision } from './conflict-decision.entity';
import { ExpertAssignment } from './expert-assignment.entity';

/** What the evaluation loads with an item: its workflow (the panel), owner and domain. */
const POPULATE = ['workflow', 'ownerOrganization', 'domain'] as const;

/** The settings row the evaluation's settings live in. */
const SETTINGS_KEY = 'evaluation';

/** Fixed arguments for the SQL snapshots (see GenerateSql). */
const TWO_IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

/** What the office's word on a conflict writes. */
export interface ConflictDecisionRow {
  achievement: string;
  expert: string;
  decision: ConflictDecision['decision'];
  kinds: ConflictDecision['kinds'];
  foundAfterAssignment: boolean;
  reason: string;
  decidedBy: string;
  decidedAt: Date;
}

/**
 * The evaluation's reads: items with their panels, seats and the office's conflict decisions, and
 * the evaluation's settings row.
 */
@Injectable()
export class EvaluationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The caller's unit of work, or (null, as in the SQL snapshots) a fork of its own. */
  private on(tx: Tx | null): EntityManager {
    return tx ? emOf(tx) : this.em.fork();
  }

  /** The item as it is now (refreshed: a panel read before a send must not be stale). */
  async item(tx: Tx, id: string): Promise<Achievement> {
    const item = await emOf(tx).findOne(Achievement, { id }, { populate: POPULATE, refresh: true });
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }

  /** Several items at once (missing ids are left out). */
  items(tx: Tx, ids: readonly string[]): Promise<Achievement[]> {
    return emOf(tx).find(
      Achievement,
      { id: { $in: [...ids] } },
      { populate: POPULATE, refresh: true },
    );
  }

  /** Every seat the items ever had, with the expert's unit, by round and time. */
  seatsOf(tx: Tx, itemIds: readonly string[]): Promise<ExpertAssignment[]> {
    return emOf(tx).find(
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

  seat(tx: Tx, assignmentId: string): Promise<ExpertAssignment | null> {
    return emOf(tx).findOne(ExpertAssignment, assignmentId);
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
  async conflictFoundLater(tx: Tx, itemId: string, expertId: string): Promise<boolean> {
    const em = emOf(tx);
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

  /** Writes the office's decision, in the transaction of its audit row. */
  recordConflictDecision(tx: Tx, row: ConflictDecisionRow): void {
    emOf(tx).create(ConflictDecision, row);
  }

  /** One expert id per conflict the office confirmed after the expert was assigned. */
  @GenerateSql({ params: [null, TWO_IDS] })
  async lateConflicts(tx: Tx | null, expertIds: readonly string[]): Promise<string[]> {
    const conflicts = await this.on(tx).find(ConflictDecision, {
      expert: { $in: [...expertIds] },
      decision: 'confirmed',
      foundAfterAssignment: true,
    });
    return conflicts.map((c) => c.expert.id);
  }

  /** Every seat an expert ever held, with its item, in the order they were assigned. */
  seatsOfExpert(tx: Tx, expertId: string): Promise<ExpertAssignment[]> {
    return emOf(tx).find(
      ExpertAssignment,
      { expert: expertId },
      { populate: ['achievement'], orderBy: { assignedAt: 'asc' } },
    );
  }

  /** The stored evaluation settings, as saved (null before the office first saves them). */
  async storedSettings(tx: Tx): Promise<unknown> {
    const row = await emOf(tx).findOne(AppSetting, { key: SETTINGS_KEY });
    return row?.value ?? null;
  }

  async saveSettings(tx: Tx, value: object, updatedAt: Date, updatedBy: string): Promise<void> {
    await emOf(tx).upsert(AppSetting, { key: SETTINGS_KEY, value, updatedAt, updatedBy });
  }
}
