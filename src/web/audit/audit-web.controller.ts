import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../access/auth.decorators';
import type { FieldErrors } from '../../common/domain-errors';
import { writeCsv, writeXlsx } from '../../exports/table-writers';
import { NotFoundError } from '../../common/domain-errors';
import { AuditCheckpointService } from '../../workflow/audit-checkpoint.service';
import { AuditVerifier } from '../../workflow/audit-verifier';
import { SecurityLogService } from '../../security-log/security-log.service';
import { sendHtml } from '../shared/layout';
import { AuditPage, type AuditFilters } from './views/audit.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';
import { auditExportTable } from './audit-export';
import { AuditSearchRepository, type AuditSearch } from './audit-search.repository';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAGE = 100;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 100) : undefined;
}

/** The filters as typed, and the search they mean; dates are whole days in Beijing time. */
export function parseAuditFilters(raw: Record<string, unknown>): {
  filters: AuditFilters;
  search: AuditSearch;
  errors: FieldErrors;
} {
  const filters: AuditFilters = {
    // `item` and `actor` are the names of the older form's fields, still linked from elsewhere.
    q: one(raw.q) ?? one(raw.item),
    person: one(raw.person) ?? one(raw.actor),
    event: one(raw.event),
    from: one(raw.from),
    to: one(raw.to),
  };
  const errors: FieldErrors = {};
  const search: AuditSearch = { text: filters.q, person: filters.person, event: filters.event };
  if (filters.from) {
    if (DATE.test(filters.from)) search.from = new Date(`${filters.from}T00:00:00+08:00`);
    if (!search.from || isNaN(search.from.getTime())) errors.from = ['起始日期格式不正确'];
  }
  if (filters.to) {
    if (DATE.test(filters.to)) search.to = new Date(`${filters.to}T23:59:59.999+08:00`);
    if (!search.to || isNaN(search.to.getTime())) errors.to = ['截止日期格式不正确'];
  }
  if (search.from && search.to && search.from > search.to && !errors.from && !errors.to) {
    errors.to = ['截止日期不能早于起始日期'];
  }
  if (filters.event && !/^[A-Z_]{2,64}$/.test(filters.event)) errors.event = ['操作类型不存在'];
  return { filters, search, errors };
}

/**
 * 审计查询 (the office's, and the audit administrator's to review; not the system administrator's,
 * 三权分立): search the audit trail by item (title or number), person, event and dates, a page at
 * a time in SQL, and export what was found. The chain check reads every row, so it runs only
 * when asked for.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller('audit')
export class AuditWebController {
  constructor(
    private readonly repository: AuditSearchRepository,
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: AuditCheckpointService,
    private readonly securityLog: SecurityLogService,
  ) {}

  @WebRoles('officeStaff', 'auditAdmin')
  @Get()
  async page(@Req() req: WebRequest, @Res() res: Response, @Query() raw: Record<string, unknown>) {
    const { filters, search, errors } = parseAuditFilters(raw);
    const cursor = one(raw.cursor);
    const bad = Object.keys(errors).length > 0;
    const page = bad
      ? { rows: [], nextCursor: null }
      : await this.repository.page(
          search,
          PAGE,
          cursor && /^(\d{1,19}_)?\d{1,19}$/.test(cursor) ? cursor : undefined,
        );
    sendHtml(
      res,
      bad ? 400 : 200,
      AuditPage({
        user: req.user!,
        csrf: req.csrfToken!,
        filters,
        rows: page.rows,
        nextCursor: page.nextCursor,
        verify: raw.verify === '1' ? await this.verifier.verify() : null,
        errors,
        paged: Boolean(cursor),
      }),
    );
  }

  /** The whole search result as CSV or XLSX, with Chinese headings and labels, times in Beijing. */
  @WebRoles('officeStaff', 'auditAdmin')
  @Get('export')
  async export(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query() raw: Record<string, unknown>,
  ) {
    const { filters, search, errors } = parseAuditFilters(raw);
    const format = raw.format === 'xlsx' ? 'xlsx' : 'csv';
    if (Object.keys(errors).length) {
      res
        .status(400)
        .type('text/plain; charset=utf-8')
        .send(Object.values(errors).flat().join(';'));
      return;
    }
    await this.securityLog.record({
      kind: 'dataExported',
      actorId: req.user!.id,
      clientIp: req.ip ?? null,
      detail: { what: 'audit', format, filters: { ...filters } },
    });
    const table = auditExportTable(this.repository.all(search));
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="${table.name}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') await writeCsv(table, res);
    else await writeXlsx(table, res);
  }

  /** The newest signed checkpoint file, to archive or publish (see /api/audit/checkpoints/latest). */
  @WebRoles('officeStaff', 'auditAdmin')
  @Get('checkpoint')
  checkpoint(@Res() res: Response): void {
    const latest = this.checkpoints.latest();
    if (!latest) throw new NotFoundError('尚未生成审计检查点(每日零时后生成)');
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-checkpoint-${latest.checkpoint.day}.json"`,
    );
    res.setHeader('X-Checkpoint-Fingerprint', latest.fingerprint);
    res.setHeader('Cache-Control', 'no-store');
    res.send(`${JSON.stringify(latest.checkpoint, null, 1)}\n`);
  }
}
