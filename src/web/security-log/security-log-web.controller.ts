import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../access/auth.decorators';
import { sendTable } from '../../exports/send-table';
import { securityLogTable } from '../../exports/security-log-export.controller';
import { parseCursor, parseSecurityFilters } from '../../security-log/security-log-search';
import { SecurityLogRepository } from '../../security-log/security-log.repository';
import { SecurityLogService } from '../../security-log/security-log.service';
import { sendHtml } from '../shared/layout';
import { SecurityLogPage } from './views/security-log.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

const PAGE = 100;

/**
 * 安全日志: the audit administrator searches the security log, exports what was found and checks
 * the chain (only when asked for: it reads every entry). Read only, like the whole role.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('auditAdmin')
@Controller('security-log')
export class SecurityLogWebController {
  constructor(
    private readonly repository: SecurityLogRepository,
    private readonly log: SecurityLogService,
  ) {}

  @Get()
  async page(@Req() req: WebRequest, @Res() res: Response, @Query() raw: Record<string, unknown>) {
    const { filters, search, errors } = parseSecurityFilters(raw);
    const cursor = parseCursor(raw.cursor);
    const bad = Object.keys(errors).length > 0;
    const page = bad
      ? { rows: [], nextCursor: null }
      : await this.repository.page(search, PAGE, cursor);
    sendHtml(
      res,
      bad ? 400 : 200,
      SecurityLogPage({
        user: req.user!,
        csrf: req.csrfToken!,
        filters,
        rows: page.rows,
        nextCursor: page.nextCursor,
        verify: raw.verify === '1' ? await this.log.verify() : null,
        errors,
        paged: cursor !== undefined,
      }),
    );
  }

  /** The whole search result as CSV or XLSX; the export is itself logged. */
  @Get('export')
  async export(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query() raw: Record<string, unknown>,
  ) {
    const { filters, search, errors } = parseSecurityFilters(raw);
    if (Object.keys(errors).length) {
      res
        .status(400)
        .type('text/plain; charset=utf-8')
        .send(Object.values(errors).flat().join(';'));
      return;
    }
    const format = raw.format === 'xlsx' ? 'xlsx' : 'csv';
    await this.log.record({
      kind: 'dataExported',
      actorId: req.user!.id,
      clientIp: req.ip ?? null,
      detail: { what: 'securityLog', format, filters: { ...filters } },
    });
    await sendTable(securityLogTable(this.repository, search), format, res);
  }
}
