import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx';
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
  creditSettings(tx: Tx): Promise<{ formula: CreditFormula; floor: number }>;
  seats(tx: Tx, expertId: string): Promise<ExpertSeatRecord[]>;
  /** One expert id per conflict the office confirmed after the expert was assigned. */
  conflictsFoundLater(tx: Tx, expertIds: readonly string[]): Promise<string[]>;
}

@Injectable()
export class EvaluationRecords implements EvaluationRecordSource {
  private source: EvaluationRecordSource | null = null;

  provide(source: EvaluationRecordSource): void {
    if (this.source) throw new Error('evaluation records already provided');
    this.source = source;
  }

  creditSettings(tx: Tx): Promise<{ formula: CreditFormula; floor: number }> {
    return this.registered().creditSettings(tx);
  }

  seats(tx: Tx, expertId: string): Promise<ExpertSeatRecord[]> {
    return this.registered().seats(tx, expertId);
  }

  conflictsFoundLater(tx: Tx, expertIds: readonly string[]): Promise<string[]> {
    return this.registered().conflictsFoundLater(tx, expertIds);
  }

  private registered(): EvaluationRecordSource {
    if (!this.source) throw new Error('no module provided the evaluation records');
    return this.source;
  }
}
