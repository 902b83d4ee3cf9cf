import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ListAchievementsQuery } from '../../achievements/dto/list-achievements.query';
import {
  TRACKING_RATINGS,
  TRACKING_TYPES,
  type TrackingRating,
  type TrackingType,
} from '../library-evaluation.entity';

export const LIBRARY_FLAGS = [
  'provincialAwardRecommended',
  'nationalAwardRecommended',
  'majorSpecialProject',
] as const;
export type LibraryFlag = (typeof LIBRARY_FLAGS)[number];

/**
 * The library's filters: the office list's domain, category, city and paging, plus the library's
 * own (unit, entry year, score range, flag).
 */
export class LibraryQuery extends PickType(ListAchievementsQuery, [
  'domain',
  'category',
  'city',
  'limit',
  'cursor',
] as const) {
  @ApiPropertyOptional({ description: 'the owning unit (organisation id)' })
  @IsOptional()
  @IsUUID('all')
  unit?: string;

  @ApiPropertyOptional({ description: 'year the item entered the library (Asia/Shanghai)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'lowest panel aggregate, inclusive' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  minScore?: number;

  @ApiPropertyOptional({ description: 'highest panel aggregate, inclusive' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  maxScore?: number;

  @ApiPropertyOptional({ enum: LIBRARY_FLAGS, description: 'only items carrying this flag' })
  @IsOptional()
  @IsIn(LIBRARY_FLAGS)
  flag?: LibraryFlag;
}

export class TrackingEvaluationDto {
  @ApiProperty({ enum: TRACKING_TYPES })
  @IsIn(TRACKING_TYPES)
  type: TrackingType;

  @ApiProperty({ example: '浙江省科技评估中心' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  evaluator: string;

  @ApiProperty({ example: '2026-11-01' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: '日期格式应为 YYYY-MM-DD' })
  date: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  findings: string;

  @ApiProperty({ enum: TRACKING_RATINGS })
  @IsIn(TRACKING_RATINGS)
  rating: TrackingRating;
}

export class LibraryFlagsDto {
  @ApiPropertyOptional({ description: 'recommended for a provincial S&T award' })
  @IsOptional()
  @IsBoolean()
  provincialAwardRecommended?: boolean;

  @ApiPropertyOptional({ description: 'recommended for a national S&T award' })
  @IsOptional()
  @IsBoolean()
  nationalAwardRecommended?: boolean;

  @ApiPropertyOptional({ description: 'included in a provincial major S&T special project' })
  @IsOptional()
  @IsBoolean()
  majorSpecialProject?: boolean;

  @ApiProperty({ example: '经省办研究,推荐申报省科学技术奖' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class ProgressDto {
  @ApiProperty({ example: '完成第二代产品量产' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  content: string;
}

export class ProgressDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ description: 'required when rejecting' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
