import { Body, Controller, Get, Header, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { InvalidInputError } from '../common/domain-errors';
import { uuidParam } from '../common/uuid-param';
import { ExpertFlagDto, ExpertProfileDto } from './dto/expert-profile.dto';
import { ExpertsService, type ExpertRecord, type ExpertView } from './experts.service';

const uuid = uuidParam('用户');

@ApiTags('experts')
@ApiBearerAuth()
@Controller('api/experts')
export class ExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  @Roles('officeStaff', 'admin')
  @Get()
  list(): Promise<ExpertView[]> {
    return this.experts.list();
  }

  @Roles('officeStaff', 'admin')
  @Put(':id/profile')
  setProfile(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: ExpertProfileDto,
  ): Promise<ExpertView> {
    return this.experts.setProfile(user, id, body);
  }

  @Roles('officeStaff')
  @Post(':id/flags')
  flag(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: ExpertFlagDto,
  ): Promise<{ id: string }> {
    return this.experts.flag(user, id, body);
  }

  /** The office and the expert themself; `?format=csv` exports it. */
  @Get(':id/record')
  @Header('Cache-Control', 'no-store')
  async record(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExpertRecord | string> {
    if (format === undefined || format === 'json') return this.experts.record(user, id);
    if (format !== 'csv') throw InvalidInputError.field('format', '只支持 json 或 csv');
    const csv = await this.experts.recordCsv(user, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="expert-record-${id}.csv"`);
    return csv;
  }
}
