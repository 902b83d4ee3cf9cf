import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AppSetting } from '../settings/app-setting.entity';
import { emOf, type Tx } from '../database/tx';
import type { WorkflowInstance } from '../workflow/workflow-instance.entity';
import type { ReportContent } from './report-content';
import { StatsReport } from './stats-report.entity';

/** What an issue or a refresh writes on a report row. */
export type ReportUpdate = Partial<
  Pick<StatsReport, 'content' | 'generatedAt' | 'issuedAt' | 'html' | 'docx'>
>;

/** The ranking reports' rows and the statistics' stored settings. */
@Injectable()
export class StatsReportsRepository {
  constructor(private readonly em: EntityManager) {}

  async exists(id: string): Promise<boolean> {
    return (await this.em.fork().count(StatsReport, { id })) > 0;
  }

  /** A new draft's row, in the caller's transaction (next to its workflow's first row). */
  create(
    tx: Tx,
    row: {
      id: string;
      workflow: WorkflowInstance;
      period: string;
      kind: ReportContent['kind'];
      content: ReportContent;
      generatedAt: Date;
    },
  ): void {
    emOf(tx).create(StatsReport, row);
  }

  async update(tx: Tx, id: string, patch: ReportUpdate): Promise<void> {
    await emOf(tx).nativeUpdate(StatsReport, { id }, patch);
  }

  list(): Promise<StatsReport[]> {
    return this.em
      .fork()
      .find(StatsReport, {}, { populate: ['workflow'], orderBy: { period: 'desc' } });
  }

  findWithWorkflow(id: string): Promise<StatsReport | null> {
    return this.em.fork().findOne(StatsReport, id, { populate: ['workflow'] });
  }

  findWithDocx(id: string): Promise<StatsReport | null> {
    return this.em.fork().findOne(StatsReport, id, { populate: ['docx'] });
  }

  /** The stored value of a setting, or undefined. */
  async setting(key: string): Promise<unknown> {
    const row = await this.em.fork().findOne(AppSetting, { key });
    return row?.value;
  }

  async saveSetting(key: string, value: unknown, at: Date, by: string): Promise<void> {
    await this.em.fork().upsert(AppSetting, { key, value, updatedAt: at, updatedBy: by });
  }
}
