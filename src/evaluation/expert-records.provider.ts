import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Tx } from '../database/tx';
import { EvaluationRecords } from '../experts/evaluation-records';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { EvaluationRepository } from './evaluation.repository';

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
    private readonly repository: EvaluationRepository,
  ) {}

  onModuleInit(): void {
    this.records.provide({
      creditSettings: async (tx) => {
        const settings = await this.settings.get(tx);
        return { formula: settings.credit, floor: settings.creditFloor };
      },
      seats: (tx, expertId) => this.seats(tx, expertId),
      conflictsFoundLater: (tx, expertIds) => this.repository.lateConflicts(tx, expertIds),
    });
  }

  private async seats(tx: Tx, expertId: string) {
    const seats = await this.repository.seatsOfExpert(tx, expertId);
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
