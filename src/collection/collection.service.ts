import { Injectable, Logger } from '@nestjs/common';
import type { WorkflowActor } from '../../workflows/actor';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { PERIOD_PATTERN } from './collection-calendar';
import { CollectionPeriodsRepository } from './collection-periods.repository';

export interface BatchCloseResult {
  period: string;
  closed: number;
  /** Items another process moved first; they are not an error. */
  skipped: number;
}

@Injectable()
export class CollectionService {
  private readonly logger = new Logger('Collection');

  constructor(
    private readonly periods: CollectionPeriodsRepository,
    private readonly runner: WorkflowRunner,
  ) {}

  /**
   * Sends BATCH_CLOSE to every `submitted` item of the period. Idempotent: a second run finds
   * nothing left to close, and a concurrent run on another instance loses each race with a
   * version conflict, which is counted as skipped.
   */
  async closePeriod(period: string, actor: WorkflowActor): Promise<BatchCloseResult> {
    if (!PERIOD_PATTERN.test(period))
      throw InvalidInputError.field('period', '必须是 YYYY-MM 格式的月份');
    const ids = await this.periods.waitingIn(period);
    let closed = 0;
    let skipped = 0;
    for (const id of ids) {
      try {
        await this.runner.send(achievementWorkflow, id, { type: 'BATCH_CLOSE', actor });
        closed++;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        skipped++;
      }
    }
    this.logger.log(`批次 ${period} 截止:${closed} 项进入形式审查,${skipped} 项已由其他进程处理`);
    return { period, closed, skipped };
  }
}
