import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { WorkflowActor } from '../../workflows/actor';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { PERIOD_PATTERN } from './collection-calendar';

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
    private readonly em: EntityManager,
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
    const waiting = await this.em
      .fork()
      .find(
        WorkflowInstance,
        { definition: achievementWorkflow.name, state: 'submitted', batchKey: period },
        { fields: ['id'] },
      );
    const ids = waiting.map((w) => w.id);
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
