import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/auth.decorators';
import { ApiErrors } from '../common/api-errors';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import {
  CollectionCycleService,
  type BodyReportingStatus,
  type PeriodStatus,
} from './collection-cycle.service';
import type { BatchCloseResult } from './collection.service';
import { NilReportDto } from './dto/nil-report.dto';
import { ReopenPeriodDto } from './dto/reopen-period.dto';

@ApiTags('collection')
@ApiBearerAuth()
@Controller('api/collection/periods/:period')
export class CollectionController {
  constructor(private readonly cycle: CollectionCycleService) {}

  /** Closes a month's batch by hand: every `submitted` item of it moves to eligibility check. */
  @Roles('officeStaff')
  @Post('close')
  @HttpCode(200)
  @ApiErrors({ 400: 'The period is not YYYY-MM', 403: true })
  close(@Param('period') period: string, @CurrentUser() user: AuthUser): Promise<BatchCloseResult> {
    return this.cycle.closeByOffice(period, toWorkflowActor(user));
  }

  /** Every collecting body's status this period: reported (how many), nil report, or nothing yet. */
  @Roles('officeStaff', 'admin')
  @Get('status')
  status(@Param('period') period: string): Promise<PeriodStatus> {
    return this.cycle.status(period);
  }

  @Roles('recommender')
  @Post('nil-report')
  nilReport(
    @Param('period') period: string,
    @CurrentUser() user: AuthUser,
    @Body() body: NilReportDto,
  ): Promise<BodyReportingStatus> {
    return this.cycle.fileNilReport(user, period, body.comment);
  }

  @Roles('officeStaff')
  @Post('reopen')
  @HttpCode(200)
  reopen(
    @Param('period') period: string,
    @CurrentUser() user: AuthUser,
    @Body() body: ReopenPeriodDto,
  ): Promise<PeriodStatus> {
    return this.cycle.reopen(user, period, body.reason, body.closesAt);
  }
}
