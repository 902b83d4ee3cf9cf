import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { backfillStageStaysSql, insertStageStaysSql } from '../../migrations/stage-stay.sql';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WorkflowRunner } from '../workflow/workflow-runner.service';

/**
 * Keeps the statistics' stays (migrations/stage-stay.sql.ts) in step with the machine: on each
 * state change of an achievement, in the transition's transaction, the item's rows are rewritten
 * from its audit rows by the same statement the migration's backfill runs, so the two cannot
 * disagree. Self-transitions (scores, tracking evaluations) change no stay and cost nothing here.
 */
@Injectable()
export class StageStaysService implements OnModuleInit {
  constructor(
    private readonly runner: WorkflowRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.onTransition('achievement', async (em, result) => {
      if (result.fromState !== result.state) await this.refresh(em, result.id);
    });
  }

  /** Rewrites one item's stays from its audit trail, in the caller's transaction. */
  async refresh(em: EntityManager, id: string): Promise<void> {
    const sql = em as SqlEntityManager;
    await sql.execute('delete from "stage_stay" where "instance_id" = ?', [id]);
    await sql.execute(insertStageStaysSql(this.postgres, true), [id]);
  }

  /** Rebuilds every item's stays from the audit trail (what the migration did). */
  async rebuild(em: EntityManager): Promise<void> {
    for (const statement of backfillStageStaysSql(this.postgres)) {
      await (em as SqlEntityManager).execute(statement);
    }
  }

  private get postgres(): boolean {
    return this.config.databaseUrl !== null;
  }
}
