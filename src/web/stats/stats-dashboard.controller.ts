import { uuidParam } from '../../common/uuid-param';
import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../access/auth.decorators';
import { hasRole } from '../../access/auth-user';
import { InvalidInputError, NotFoundError } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { ExportQueryDto } from '../../exports/dto/export-query.dto';
import { ExportsService } from '../../exports/exports.service';
import { SecurityLogService } from '../../security-log/security-log.service';
import { writeCsv, writeXlsx } from '../../exports/table-writers';
import { StatsQueryDto } from '../../stats/dto/stats-query.dto';
import { figureGrids } from '../../stats/chart-figures';
import { StatsReportsService } from '../../stats/stats-reports.service';
import { StatsService } from '../../stats/stats.service';
import { html } from '../shared/layout';
import { StatsPage } from './views/stats.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

const uuid = uuidParam('通报');

/** Empty form fields mean "no filter". */
function filled(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
    ),
  );
}

const REPORT_DONE: Record<string, string> = {
  drafted: '通报草稿已生成,可预览后印发。',
  refresh: '通报草稿的数据已更新。',
  issue: '通报已印发,网页版和 Word 文档已定稿。',
};

/**
 * The statistics dashboard: the same figures as /api/stats, with the charts drawn on the server as
 * inline SVG by the same code as the report's (no chart script in the browser: the page stays
 * under the console's 300 KB script budget). Exports and reports are reachable from the console
 * session too.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller('stats')
export class StatsDashboardController {
  constructor(
    private readonly stats: StatsService,
    private readonly reports: StatsReportsService,
    private readonly exports: ExportsService,
    private readonly securityLog: SecurityLogService,
  ) {}

  @WebRoles('officeStaff', 'admin', 'recommender')
  @Get()
  async page(@Req() req: WebRequest, @Query() raw: Record<string, unknown>): Promise<string> {
    const user = req.user!;
    const { done, ...given } = filled(raw);
    const query = await validateAs(StatsQueryDto, given);
    const scoped = await this.stats.scope(user, query);
    const filters = { ...scoped, period: this.stats.periodKey(scoped.period) };
    const office = hasRole(user, 'officeStaff', 'admin');
    const [funnel, trend, process, discipline, targets] = await Promise.all([
      this.stats.funnel(filters, 'city'),
      this.stats.trend(filters),
      this.stats.process(filters),
      this.stats.discipline(filters),
      this.stats.targets(Number(filters.period.slice(0, 4)), scoped),
    ]);
    const exportQuery = Object.entries(filters)
      .filter(([, v]) => v)
      .map(([k, v]) => `&${k}=${encodeURIComponent(String(v))}`)
      .join('');
    return html(
      StatsPage({
        user,
        csrf: req.csrfToken!,
        filters,
        fixedCity: office ? null : (scoped.city ?? null),
        funnel,
        targets,
        process,
        discipline,
        options: await this.stats.filterOptions(),
        ranking: office ? await this.stats.ranking(filters.period) : null,
        reports: office ? await this.reports.list() : null,
        draftable: office ? await this.reports.draftable() : [],
        canIssue: hasRole(user, 'officeStaff'),
        message: done ? REPORT_DONE[done] : undefined,
        figures: figureGrids({
          funnel: funnel.totals,
          funnelByCity: funnel.rows,
          trend,
          stages: process.stages,
          targets,
        }),
        exportQuery,
      }),
    );
  }

  @WebRoles('officeStaff', 'admin', 'recommender')
  @Get('export/items')
  async exportItems(
    @Req() req: WebRequest,
    @Query() raw: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const query = await validateAs(ExportQueryDto, filled(raw));
    const table = await this.exports.items(req.user!, query);
    const format = query.format ?? 'csv';
    await this.securityLog.record({
      kind: 'dataExported',
      actorId: req.user!.id,
      clientIp: req.ip ?? null,
      detail: { what: 'items', format, query: { ...query } },
    });
    res.setHeader(
      'Content-Type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    res.setHeader('Content-Disposition', `attachment; filename="items.${format}"`);
    if (format === 'csv') await writeCsv(table, res);
    else await writeXlsx(table, res);
  }

  /** The office drafts the ranking report (通报) of an ended quarter or year. */
  @WebRoles('officeStaff')
  @Post('reports')
  async draftReport(
    @Req() req: WebRequest,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const period = typeof body.period === 'string' ? body.period.trim() : '';
    if (!period) throw InvalidInputError.field('period', '请选择要起草通报的季度或年度');
    await this.reports.draft(req.user!, period);
    res.redirect(303, '/stats?done=drafted#reports');
  }

  /** Recomputes a draft's figures, or issues it: each one event through the report's machine. */
  @WebRoles('officeStaff')
  @Post('reports/:id/:step')
  async reportStep(
    @Req() req: WebRequest,
    @Param('id', uuid) id: string,
    @Param('step') step: string,
    @Res() res: Response,
  ): Promise<void> {
    if (step === 'refresh') await this.reports.refresh(req.user!, id);
    else if (step === 'issue') await this.reports.issue(req.user!, id);
    else throw new NotFoundError('请求的页面不存在');
    res.redirect(303, `/stats?done=${step}#reports`);
  }

  @WebRoles('officeStaff', 'admin')
  @Get('reports/:id/report.html')
  async reportHtml(@Param('id', uuid) id: string, @Res() res: Response): Promise<void> {
    const page = await this.reports.html(id);
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('html').send(page);
  }

  @WebRoles('officeStaff', 'admin')
  @Get('reports/:id/report.docx')
  async reportDocx(@Param('id', uuid) id: string, @Res() res: Response): Promise<void> {
    const { period, data } = await this.reports.docx(id);
    res.setHeader(
      'Content-Type',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    res.setHeader('Content-Disposition', `attachment; filename="ranking-report-${period}.docx"`);
    res.send(data);
  }
}
