import { Entity, OneToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import type { ReportContent } from './report-content';

/**
 * A quarterly or annual ranking report (通报). Its state (draft, issued) is the workflow's; this
 * row holds the figures as generated and, from the issue on, the documents exactly as issued.
 * The period is the cycle key: one report per quarter or year.
 */
@Entity({ tableName: 'stats_report' })
export class StatsReport {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @OneToOne({ entity: () => WorkflowInstance, owner: true, unique: true })
  workflow: WorkflowInstance;

  /** 2026-Q3 or 2026. */
  @Property({ type: 'string', length: 8, unique: true })
  period: string;

  @Property({ type: 'string', length: 16 })
  kind: 'quarterly' | 'annual';

  @Property({ type: 'json' })
  content: ReportContent;

  @Property({ type: t.datetime })
  generatedAt: Date;

  @Property({ type: t.datetime, nullable: true })
  issuedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  html: string | null = null;

  @Property({ type: 'blob', nullable: true, lazy: true })
  docx: Buffer | null = null;
}
