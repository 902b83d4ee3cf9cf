import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { StatsGroupedQueryDto, StatsQueryDto } from './dto/stats-query.dto';
import { StatsSettingsDto } from './dto/stats-settings.dto';
import type { StatsSettings } from './stats-settings';
import { StatsSettingsService } from './stats-settings.service';
import { StatsService } from './stats.service';
import {
  type DisciplineReport,
  type FunnelReport,
  type ProcessReport,
  type RankingReport,
  type TargetProgress,
  type TrendReport,
} from './stats.types';

/**
 * Figures for the office and admins; a city bureau's recommender gets its own city (the service
 * narrows the filters and refuses other cities). The league table compares cities and bodies,
 * so it stays with the office.
 */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly settings: StatsSettingsService,
  ) {}

  @Roles('officeStaff', 'admin', 'recommender')
  @Get('funnel')
  async funnel(
    @Query() query: StatsGroupedQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FunnelReport> {
    const { by, ...filters } = await this.stats.scope(user, query);
    return this.stats.funnel({ ...filters, period: this.stats.periodKey(filters.period) }, by);
  }

  @Roles('officeStaff', 'admin', 'recommender')
  @Get('trend')
  async trend(@Query() query: StatsQueryDto, @CurrentUser() user: AuthUser): Promise<TrendReport> {
    const filters = await this.stats.scope(user, query);
    return this.stats.trend({ ...filters, period: this.stats.periodKey(filters.period) });
  }

  @Roles('officeStaff', 'admin', 'recommender')
  @Get('targets')
  async targets(
    @Query() query: StatsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TargetProgress> {
    const { period, ...filters } = await this.stats.scope(user, query);
    return this.stats.targets(Number(this.stats.periodKey(period).slice(0, 4)), filters);
  }

  @Roles('officeStaff', 'admin', 'recommender')
  @Get('discipline')
  async discipline(
    @Query() query: StatsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DisciplineReport> {
    const filters = await this.stats.scope(user, query);
    return this.stats.discipline({
      city: filters.city,
      period: this.stats.periodKey(filters.period),
    });
  }

  @Roles('officeStaff', 'admin', 'recommender')
  @Get('process')
  async process(
    @Query() query: StatsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProcessReport> {
    const filters = await this.stats.scope(user, query);
    return this.stats.process({ ...filters, period: this.stats.periodKey(filters.period) });
  }

  @Roles('officeStaff', 'admin')
  @Get('ranking')
  ranking(@Query() query: StatsQueryDto): Promise<RankingReport> {
    return this.stats.ranking(this.stats.periodKey(query.period));
  }

  @Roles('officeStaff', 'admin')
  @Get('settings')
  getSettings(): Promise<StatsSettings> {
    return this.settings.get();
  }

  @Roles('admin')
  @Put('settings')
  setSettings(
    @Body() body: StatsSettingsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<StatsSettings> {
    return this.settings.set(body, user.id);
  }
}
