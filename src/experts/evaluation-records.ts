import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { CreditFormula } from './credit/credit-formula';

/** One seat an expert holds or held on a panel, as their record lists it. */
export interface ExpertSeatRecord {
  achievementId: string;
  title: string;
  round: number;
  status: string;
  assignedAt: string;
  dueAt: string;
  submittedAt: string | null;
  weighted: number | null;
}

/**
 * What an expert's record and credit read from the evaluation: the credit settings, the seats
 * and the office's confirmed conflicts. The evaluation owns those records and registers them here
 * when its module starts (it imports this module for the pool), so the dependency points one way.
 */
export interface EvaluationRecordSource {
  creditSettings(em: EntityManager): Promise<{ formula: CreditFormula; floor: number }>;
  seats(em: EntityManager, expertId: string): Promise<ExpertSeatRecord[]>;
  /** One expert id per conflict the office confirmed after the expert was assigned. */
  conflictsFoundLater(em: EntityManager, expertIds: readonly string[]): Promise<string[]>;
}

@Injectable()
export class EvaluationRecords implements EvaluationRecordSource {
  private source: EvaluationRecordSource | null = null;

  provide(source: EvaluationRecordSource): void {
    if (this.source) throw new Error('evaluation records already provided');
    this.source = source;
  }

  creditSettings(em: EntityManager): Promise<{ formula: CreditFormula; floor: number }> {
    return this.registered().creditSettings(em);
  }

  seats(em: EntityManager, expertId: string): Promise<ExpertSeatRecord[]> {
    return this.registered().seats(em, expertId);
  }

  conflictsFoundLater(em: EntityManager, expertIds: readonly string[]): Promise<string[]> {
    return this.registered().conflictsFoundLater(em, expertIds);
  }

  private registered(): EvaluationRecordSource {
    if (!this.source) throw new Error('no module provided the evaluation records');
    return this.source;
  }
}
