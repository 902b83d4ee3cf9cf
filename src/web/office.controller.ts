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
import { Public } from '../auth/auth.decorators';
import { hasRole, toWorkflowActor } from '../auth/auth-user';
import { PERIOD_PATTERN } from '../collection/collection-calendar';
import { nextPeriod, CollectionCycleService } from '../collection/collection-cycle.service';
import { InvalidInputError } from '../common/domain-errors';
import { AuditService, type AuditQuery } from '../workflow/audit.service';
import { formText, type FormBody } from './achievement-form';
import { ConsoleService } from './console.service';
import { html } from './views/layout';
import { AuditPage, CollectionPage, type AuditFilters } from './views/office';
import { WebExceptionFilter } from './web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from './web-session';

function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The office's pages: the month's collection and the audit trail. */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class OfficeController {
  constructor(
    private readonly console: ConsoleService,
    private readonly cycle: CollectionCycleService,
    private readonly audit: AuditService,
  ) {}

  @WebRoles('officeStaff', 'admin')
  @Get('collection')
  async collectionPage(
    @Req() req: WebRequest,
    @Query('period') requested?: string,
    @Query('closed') closed?: string,
  ): Promise<string> {
    const period = one(requested) ?? this.console.currentPeriod();
    const status = await this.cycle.status(period);
    const waiting = (await this.console.listAll(req.user!, { state: 'submitted' })).filter(
      (i) => i.period === period,
    );
    return html(
      CollectionPage({
        user: req.user!,
        csrf: req.csrfToken!,
        status,
        previous: previousPeriod(period),
        next: nextPeriod(period),
        canClose: hasRole(req.user!, 'officeStaff') && waiting.length > 0,
        submittedWaiting: waiting.length,
        message: /^\d+$/.test(closed ?? '')
          ? `批次已截止:${closed} 项成果进入形式审查。`
          : undefined,
      }),
    );
  }

  @Get('collection/periods/:period')
  periodLink(@Param('period') period: string, @Res() res: Response): void {
    res.redirect(303, `/collection?period=${PERIOD_PATTERN.test(period) ? period : ''}`);
  }

  /** The office closes a month's batch by hand, as POST /api/collection/periods/:period/close. */
  @WebRoles('officeStaff')
  @Post('collection/:period/close')
  async close(@Req() req: WebRequest, @Res() res: Response, @Param('period') period: string) {
    const result = await this.cycle.closeByOffice(period, toWorkflowActor(req.user!));
    res.redirect(303, `/collection?period=${result.period}&closed=${result.closed}`);
  }

  @WebRoles('recommender')
  @Post('collection/:period/nil-report')
  async nilReport(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('period') period: string,
    @Body() body: FormBody,
  ) {
    const comment = formText(body, 'comment');
    if (comment.length > 500) throw InvalidInputError.field('comment', '长度不能超过500个字符');
    await this.cycle.fileNilReport(req.user!, period, comment || undefined);
    res.redirect(303, '/tasks');
  }

  @WebRoles('officeStaff', 'admin')
  @Get('audit')
  async auditPage(@Req() req: WebRequest, @Query() raw: Record<string, unknown>): Promise<string> {
    const filters: AuditFilters = {
      item: one(raw.item),
      actor: one(raw.actor),
      event: one(raw.event),
      from: one(raw.from),
      to: one(raw.to),
    };
    const cursor = one(raw.cursor);
    const query: AuditQuery = { limit: 100, instanceId: filters.item, event: filters.event };
    let error: string | undefined;
    if (filters.from) {
      if (DATE.test(filters.from)) query.from = new Date(`${filters.from}T00:00:00+08:00`);
      else error = '起始日期格式不正确';
    }
    if (filters.to) {
      if (DATE.test(filters.to)) query.to = new Date(`${filters.to}T23:59:59.999+08:00`);
      else error = '截止日期格式不正确';
    }
    if (cursor && /^\d{1,19}$/.test(cursor)) query.afterId = cursor;
    if (filters.actor) {
      const id =
        filters.actor === 'system' ? 'system' : await this.console.userIdByName(filters.actor);
      if (id) query.actor = id;
      else error = `没有用户名为 ${filters.actor} 的用户`;
    }
    const page = error ? { items: [], nextCursor: null } : await this.audit.search(query);
    return html(
      AuditPage({
        user: req.user!,
        csrf: req.csrfToken!,
        filters,
        rows: page.items,
        names: await this.console.userNames(),
        nextCursor: page.nextCursor,
        verify: await this.audit.verify(),
        error,
      }),
    );
  }
}
