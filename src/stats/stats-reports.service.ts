import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ActorRole, WorkflowActor } from '../../workflows/achievement.machine';
import { SYSTEM_ACTOR, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Transactions } from '../database/tx';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { CycleRegistry } from '../scheduling/cycle-registry';
import { rankingReportWorkflow, reportInstanceId } from './ranking-report.definition';
import type { ReportContent } from './report-content';
import { renderReportDocx, renderReportHtml } from './report-document';
import { DocumentSettingsService } from '../settings/document-settings.service';
import { StatsReport } from './stats-report.entity';
import {
  STATS_PERIOD_PATTERN,
  completedReportPeriods,
  parsePeriod,
  periodLabel,
  shanghaiParts,
} from './stats-period';
import { StatsLookupsRepository } from './stats-lookups.repository';
import { StatsReportsRepository } from './stats-reports.repository';
import { StatsService } from './stats.service';

export interface ReportSummary {
  id: string;
  period: string;
  kind: 'quarterly' | 'annual';
  label: string;
  state: string;
  generatedAt: string;
  issuedAt: string | null;
}

export interface ReportView extends ReportSummary {
  content: ReportContent;
}

/**
 * Quarterly and annual ranking reports: the cycle drafts each one once its period has ended,
 * the office refreshes a draft as late facts arrive and issues it; the issue renders and stores
 * the HTML page and the DOCX in the same transaction, and nothing changes them afterwards.
 */
@Injectable()
export class StatsReportsService implements OnModuleInit {
  private readonly logger = new Logger('StatsReports');

  constructor(
    private readonly transactions: Transactions,
    private readonly reports: StatsReportsRepository,
    private readonly lookups: StatsLookupsRepository,
    private readonly runner: WorkflowRunner,
    private readonly stats: StatsService,
    private readonly clock: Clock,
    private readonly cycles: CycleRegistry,
    private readonly documentSettings: DocumentSettingsService,
  ) {}

  onModuleInit(): void {
    this.cycles.register('ranking-reports', (now) => this.runDue(now));
  }

  /**
   * Drafts the report of every quarter and year that has ended since the first item was
   * created and has none yet. Idempotent: the report id derives from its period, so a second
   * run, or another instance, finds it there. Returns how many drafts this run created.
   */
  async runDue(now: Date = this.clock.now()): Promise<number> {
    const first = await this.lookups.firstItemCreatedAt();
    if (!first) return 0;
    let created = 0;
    for (const period of completedReportPeriods(first, now)) {
      if (await this.ensureDraft(period)) created++;
    }
    return created;
  }

  /**
   * The office drafts the report of an ended quarter or year by hand (the cycle would draft it
   * too, but only for periods since the first item): 400 for a month or a period not yet ended,
   * 409 when it already exists. The draft's first audit row names the office member.
   */
  async draft(user: AuthUser, period: string): Promise<ReportView> {
    const parsed = STATS_PERIOD_PATTERN.test(period) ? parsePeriod(period) : null;
    if (!parsed || parsed.kind === 'month') {
      throw InvalidInputError.field('period', '通报按季度或年度起草,请选择一个季度或年度');
    }
    if (parsed.to.getTime() > this.clock.now().getTime()) {
      throw InvalidInputError.field('period', `${periodLabel(period)}尚未结束,结束后才能起草通报`);
    }
    if (!(await this.ensureDraft(period, toWorkflowActor(user), 'officeStaff'))) {
      throw new ConflictError(`${periodLabel(period)}通报已存在`, { id: reportInstanceId(period) });
    }
    return this.get(reportInstanceId(period));
  }

  /**
   * The ended quarters and years (from the first item's year) that have no report yet: what the
   * office may draft by hand, newest first.
   */
  async draftable(): Promise<{ period: string; label: string }[]> {
    const first = await this.lookups.firstItemCreatedAt();
    if (!first) return [];
    const now = this.clock.now();
    const startOfYear = parsePeriod(String(shanghaiParts(first).year)).from;
    const have = new Set((await this.list()).map((r) => r.period));
    return completedReportPeriods(new Date(startOfYear.getTime() - 1), now)
      .filter((p) => !have.has(p))
      .reverse()
      .map((period) => ({ period, label: periodLabel(period) }));
  }

  /** Creates the draft of a period if missing; true if this call created it. */
  async ensureDraft(
    period: string,
    actor: WorkflowActor = SYSTEM_ACTOR,
    actorRole: ActorRole = 'system',
  ): Promise<boolean> {
    const id = reportInstanceId(period);
    if (await this.reports.exists(id)) return false;
    const content = await this.generate(period);
    try {
      await this.transactions.run((tx) => {
        const workflow = this.runner.start(
          tx,
          rankingReportWorkflow,
          id,
          { period },
          actor,
          actorRole,
        );
        this.reports.create(tx, {
          id,
          workflow,
          period,
          kind: content.kind,
          content,
          generatedAt: this.clock.now(),
        });
        return Promise.resolve();
      });
    } catch (err) {
      // Another instance drafted it a moment ago; the primary key kept it to one.
      if (await this.reports.exists(id)) return false;
      throw err;
    }
    this.logger.log(`${periodLabel(period)}通报草稿已生成`);
    return true;
  }

  async list(): Promise<ReportSummary[]> {
    const rows = await this.reports.list();
    return rows.map(summary);
  }

  async get(id: string): Promise<ReportView> {
    const row = await this.load(id);
    return { ...summary(row), content: row.content };
  }

  /** Recomputes a draft's figures (409 once issued). */
  async refresh(user: AuthUser, id: string): Promise<ReportView> {
    const row = await this.load(id);
    // Computed before the transition: the runner's transaction holds the connection (SQLite has
    // one), and the figures read through their own.
    const content = await this.generate(row.period);
    const generatedAt = this.clock.now();
    await this.runner.send(
      rankingReportWorkflow,
      id,
      { type: 'REFRESH', actor: toWorkflowActor(user) },
      {
        afterTransition: (tx) => this.reports.update(tx, id, { content, generatedAt }),
      },
    );
    return this.get(id);
  }

  /**
   * Issues a draft with fresh figures, rendered once and stored in the transaction of the issue
   * (409 once issued: the machine has no event out of `issued`).
   */
  async issue(user: AuthUser, id: string, comment?: string): Promise<ReportView> {
    const row = await this.load(id);
    if (row.workflow.state === 'issued') throw new ConflictError('通报已印发,不能再修改');
    const issuedAt = this.clock.now();
    const content = await this.generate(row.period);
    const offices = await this.documentSettings.get();
    const html = renderReportHtml(content, issuedAt, offices);
    const docx = await renderReportDocx(content, issuedAt, offices);
    await this.runner.send(
      rankingReportWorkflow,
      id,
      { type: 'ISSUE', actor: toWorkflowActor(user), comment },
      {
        afterTransition: (tx) =>
          this.reports.update(tx, id, { content, generatedAt: issuedAt, issuedAt, html, docx }),
      },
    );
    return this.get(id);
  }

  /** The HTML page: as issued, or a live preview of a draft. */
  async html(id: string): Promise<string> {
    const row = await this.load(id);
    return row.html ?? renderReportHtml(row.content, null, await this.documentSettings.get());
  }

  /** The DOCX exactly as issued; a draft has none yet. */
  async docx(id: string): Promise<{ period: string; data: Buffer }> {
    const row = await this.reports.findWithDocx(id);
    if (!row) throw new NotFoundError('未找到该通报');
    if (!row.docx) throw new ConflictError('通报尚未印发,请先印发再下载 Word 文档');
    return { period: row.period, data: Buffer.from(row.docx) };
  }

  private async load(id: string): Promise<StatsReport> {
    const row = await this.reports.findWithWorkflow(id);
    if (!row) throw new NotFoundError('未找到该通报');
    return row;
  }

  /** The figures of a report, computed now from the workflow data. */
  private async generate(period: string): Promise<ReportContent> {
    const kind = parsePeriod(period).kind === 'year' ? 'annual' : 'quarterly';
    const [ranking, funnel, trend, process, targets] = await Promise.all([
      this.stats.ranking(period),
      this.stats.funnel({ period }, 'city'),
      this.stats.trend({ period }),
      this.stats.process({ period }),
      this.stats.targets(Number(period.slice(0, 4))),
    ]);
    return {
      period,
      kind,
      label: periodLabel(period),
      generatedAt: this.clock.now().toISOString(),
      weights: ranking.weights,
      cities: ranking.cities,
      bodies: ranking.bodies,
      funnel: funnel.totals,
      funnelByCity: funnel.rows,
      trend,
      targets,
      stages: process.stages,
    };
  }
}

function summary(row: StatsReport): ReportSummary {
  return {
    id: row.id,
    period: row.period,
    kind: row.kind,
    label: periodLabel(row.period),
    state: row.workflow.state,
    generatedAt: row.generatedAt.toISOString(),
    issuedAt: row.issuedAt?.toISOString() ?? null,
  };
}
