import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { EvaluationRecords } from '../experts/evaluation-records';
import { ConflictDecision } from './conflict-decision.entity';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { ExpertAssignment } from './expert-assignment.entity';

/**
 * Lends the experts' records what the evaluation keeps about each expert: the credit settings,
 * their seats and the conflicts the office confirmed late. Registered from here because the
 * evaluation depends on the expert pool, so the experts module cannot import the evaluation.
 */
@Injectable()
export class ExpertRecordsProvider implements OnModuleInit {
  constructor(
    private readonly records: EvaluationRecords,
    private readonly settings: EvaluationSettingsService,
  ) {}

  onModuleInit(): void {
    this.records.provide({
      creditSettings: async (em) => {
        const settings = await this.settings.get(em);
        return { formula: settings.credit, floor: settings.creditFloor };
      },
      seats: (em, expertId) => this.seats(em, expertId),
      conflictsFoundLater: async (em, expertIds) => {
        const conflicts = await em.find(ConflictDecision, {
          expert: { $in: [...expertIds] },
          decision: 'confirmed',
          foundAfterAssignment: true,
        });
        return conflicts.map((c) => c.expert.id);
      },
    });
  }

  private async seats(em: EntityManager, expertId: string) {
    const seats = await em.find(
      ExpertAssignment,
      { expert: expertId },
      { populate: ['achievement'], orderBy: { assignedAt: 'asc' } },
    );
    return seats.map((s) => ({
      achievementId: s.achievement.id,
      title: s.achievement.title,
      round: s.round,
      status: s.status,
      assignedAt: s.assignedAt.toISOString(),
      dueAt: s.dueAt.toISOString(),
      submittedAt: s.submittedAt?.toISOString() ?? null,
      weighted: s.weighted,
    }));
  }
}
