import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { ApiErrors } from '../common/api-errors';
import { InvalidInputError } from '../common/domain-errors';
import { SECURITY_EXPORT_COLUMNS, securityCells } from '../security-log/security-event-describe';
import { parseSecurityFilters } from '../security-log/security-log-search';
import {
  SecurityLogRepository,
  type SecuritySearch,
} from '../security-log/security-log.repository';
import { SecurityLogService } from '../security-log/security-log.service';
import { sendTable } from './send-table';
import type { ExportTable } from './table-writers';

/** The security log's search result as an export table, labels and Beijing time, no codes. */
export function securityLogTable(
  repository: SecurityLogRepository,
  search: SecuritySearch,
): ExportTable {
  return {
    name: 'security-log',
    title: '安全日志',
    columns: SECURITY_EXPORT_COLUMNS,
    pages: (async function* () {
      for await (const page of repository.all(search)) yield page.map(securityCells);
    })(),
  };
}

/** The audit administrator's export of the security log; the export itself is logged. */
@ApiTags('security-log')
@ApiBearerAuth()
@Roles('auditAdmin')
@Controller('api/security-log')
export class SecurityLogExportController {
  constructor(
    private readonly repository: SecurityLogRepository,
    private readonly log: SecurityLogService,
  ) {}

  @Get('export')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'xlsx'] })
  @ApiErrors({ 400: true, 403: true })
  async export(
    @Query() raw: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { filters, search, errors } = parseSecurityFilters(raw);
    if (raw.format !== undefined && raw.format !== 'csv' && raw.format !== 'xlsx') {
      errors.format = ['必须是 csv 或 xlsx'];
    }
    if (Object.keys(errors).length) throw new InvalidInputError(errors, '查询条件有误');
    const format = raw.format === 'xlsx' ? 'xlsx' : 'csv';
    await this.log.record({
      kind: 'dataExported',
      actorId: user.id,
      clientIp: req.ip ?? null,
      detail: { what: 'securityLog', format, filters: { ...filters } },
    });
    await sendTable(securityLogTable(this.repository, search), format, res);
  }
}
