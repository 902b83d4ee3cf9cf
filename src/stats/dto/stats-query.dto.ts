import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CATEGORIES, type Category } from '../../reference/achievement-category';
import { STATS_PERIOD_PATTERN } from '../stats-period';

export const GROUPINGS = ['city', 'body', 'domain', 'category'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The filters every figure takes. Without a period, the current year (Asia/Shanghai). */
export class StatsQueryDto {
  @ApiPropertyOptional({
    description: 'YYYY, YYYY-Qn or YYYY-MM (Asia/Shanghai)',
    example: '2026-Q4',
  })
  @IsOptional()
  @Matches(STATS_PERIOD_PATTERN, { message: '必须是 YYYY、YYYY-Q1…Q4 或 YYYY-MM 格式的统计期' })
  period?: string;

  @ApiPropertyOptional({ example: '杭州' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  city?: string;

  @ApiPropertyOptional({ example: 'integratedCircuits' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  domain?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;
}

export class StatsGroupedQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({ enum: GROUPINGS, default: 'city' })
  @IsOptional()
  @IsIn(GROUPINGS)
  by?: Grouping;
}
