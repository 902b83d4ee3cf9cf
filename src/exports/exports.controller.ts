import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ExportQueryDto } from './dto/export-query.dto';
import { ExportsService } from './exports.service';
import { writeCsv, writeXlsx, type ExportTable } from './table-writers';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Streams tables as CSV or XLSX; the rows go to the client page by page as they are read. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** The office with scores; a city bureau its own city's items without scores. */
  @Roles('officeStaff', 'admin', 'recommender')
  @Get('items')
  async items(
    @Query() query: ExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    await send(await this.exports.items(user, query), query, res);
  }

  @Roles('officeStaff', 'admin')
  @Get('audit')
  async audit(@Query() query: ExportQueryDto, @Res() res: Response): Promise<void> {
    await send(this.exports.audit(query), query, res);
  }

  @Roles('officeStaff', 'admin')
  @Get('expert-records')
  async expertRecords(@Query() query: ExportQueryDto, @Res() res: Response): Promise<void> {
    await send(this.exports.expertRecords(query), query, res);
  }
}

async function send(table: ExportTable, query: ExportQueryDto, res: Response): Promise<void> {
  const format = query.format ?? 'csv';
  const file = `${table.name}${query.period ? `-${query.period}` : ''}.${format}`;
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
  res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    if (format === 'csv') await writeCsv(table, res);
    else await writeXlsx(table, res);
  } catch (err) {
    // Rows are already on the wire: cut the connection so a truncated file is never taken as whole.
    if (res.headersSent) res.destroy(err as Error);
    else throw err;
  }
}
