import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { SecurityLogService } from '../security-log/security-log.service';
import { ExportQueryDto } from './dto/export-query.dto';
import { ExportsService } from './exports.service';
import { sendTable } from './send-table';
import type { ExportTable } from './table-writers';

/**
 * Streams tables as CSV or XLSX; the rows go to the client page by page as they are read. Each
 * export holds unpublished data, so each is written to the security log first.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly securityLog: SecurityLogService,
  ) {}

  /** The office with scores; a city bureau its own city's items without scores. */
  @Roles('officeStaff', 'admin', 'recommender')
  @Get('items')
  async items(
    @Query() query: ExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const table = await this.exports.items(user, query);
    await this.send('items', table, query, user, req, res);
  }

  /** The workflow audit trail: the office's, and the audit administrator's to review. */
  @Roles('officeStaff', 'auditAdmin')
  @Get('audit')
  async audit(
    @Query() query: ExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.send('audit', this.exports.audit(query), query, user, req, res);
  }

  @Roles('officeStaff', 'admin')
  @Get('expert-records')
  async expertRecords(
    @Query() query: ExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.send('expertRecords', this.exports.expertRecords(query), query, user, req, res);
  }

  private async send(
    what: string,
    table: ExportTable,
    query: ExportQueryDto,
    user: AuthUser,
    req: Request,
    res: Response,
  ): Promise<void> {
    const format = query.format ?? 'csv';
    await this.securityLog.record({
      kind: 'dataExported',
      actorId: user.id,
      clientIp: req.ip ?? null,
      detail: { what, format, query: { ...query } },
    });
    const file = `${table.name}${query.period ? `-${query.period}` : ''}.${format}`;
    await sendTable(table, format, res, file);
  }
}
