import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { uuidParam } from '../common/uuid-param';
import { DraftReportDto } from './dto/draft-report.dto';
import { IssueReportDto } from './dto/issue-report.dto';
import { StatsReportsService, type ReportSummary, type ReportView } from './stats-reports.service';

const uuid = uuidParam('通报');

/** The ranking reports (通报): the office's drafts and issued documents. */
@ApiTags('stats')
@ApiBearerAuth()
@Roles('officeStaff', 'admin')
@Controller('api/stats/reports')
export class StatsReportsController {
  constructor(private readonly reports: StatsReportsService) {}

  @Get()
  list(): Promise<ReportSummary[]> {
    return this.reports.list();
  }

  /** Drafts the report of an ended quarter or year that has none (the cycle's job, done by hand). */
  @Roles('officeStaff')
  @Post()
  draft(@Body() body: DraftReportDto, @CurrentUser() user: AuthUser): Promise<ReportView> {
    return this.reports.draft(user, body.period);
  }

  @Get(':id')
  get(@Param('id', uuid) id: string): Promise<ReportView> {
    return this.reports.get(id);
  }

  @Roles('officeStaff')
  @Post(':id/refresh')
  @HttpCode(200)
  refresh(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<ReportView> {
    return this.reports.refresh(user, id);
  }

  @Roles('officeStaff')
  @Post(':id/issue')
  @HttpCode(200)
  issue(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthUser,
    @Body() body: IssueReportDto,
  ): Promise<ReportView> {
    return this.reports.issue(user, id, body.comment);
  }

  @Get(':id/report.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  html(@Param('id', uuid) id: string): Promise<string> {
    return this.reports.html(id);
  }

  @Get(':id/report.docx')
  async docx(@Param('id', uuid) id: string, @Res() res: Response): Promise<void> {
    const { period, data } = await this.reports.docx(id);
    res.setHeader(
      'Content-Type',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    res.setHeader('Content-Disposition', `attachment; filename="ranking-report-${period}.docx"`);
    res.send(data);
  }
}
