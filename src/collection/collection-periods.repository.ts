import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { GenerateSql } from '../database/generate-sql';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import { collectionPeriodWorkflow } from './collection-period.definition';

/** The collection periods' workflow rows, and the batches of items waiting for their close. */
@Injectable()
export class CollectionPeriodsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The periods before `calendar` that are open (reopened by the office), oldest first. */
  @GenerateSql({ params: ['2026-03'] })
  reopenedBefore(calendar: string): Promise<WorkflowInstance[]> {
    return this.em
      .fork()
      .find(
        WorkflowInstance,
        { definition: collectionPeriodWorkflow.name, state: 'open', batchKey: { $lt: calendar } },
        { orderBy: { batchKey: 'asc' } },
      );
  }

  /** The batches (months) with items still `submitted`, waiting for their close. */
  @GenerateSql()
  async waitingBatches(): Promise<string[]> {
    const waiting = await this.em
      .fork()
      .find(
        WorkflowInstance,
        { definition: 'achievement', state: 'submitted', batchKey: { $ne: null } },
        { fields: ['batchKey'] },
      );
    return [...new Set(waiting.map((w) => w.batchKey!))];
  }

  /** Those of `batches` whose period is closed, in order. */
  @GenerateSql({ params: [['2026-01', '2026-02']] })
  async closedOf(batches: string[]): Promise<string[]> {
    const closed = await this.em
      .fork()
      .find(
        WorkflowInstance,
        { definition: collectionPeriodWorkflow.name, state: 'closed', batchKey: { $in: batches } },
        { fields: ['batchKey'], orderBy: { batchKey: 'asc' } },
      );
    return closed.map((p) => p.batchKey!);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.em.fork().count(WorkflowInstance, { id })) > 0;
  }

  find(id: string): Promise<WorkflowInstance | null> {
    return this.em.fork().findOne(WorkflowInstance, id);
  }

  /** The workflow ids of the period's items still `submitted`. */
  @GenerateSql({ params: ['2026-01'] })
  async waitingIn(period: string): Promise<string[]> {
    const waiting = await this.em
      .fork()
      .find(
        WorkflowInstance,
        { definition: achievementWorkflow.name, state: 'submitted', batchKey: period },
        { fields: ['id'] },
      );
    return waiting.map((w) => w.id);
  }
}
