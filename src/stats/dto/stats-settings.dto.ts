import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';

export class StatsTargetsDto {
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  libraryEntries?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  landmarkResults?: number;
}

export class RankingWeightsDto {
  @ApiPropertyOptional({ default: 35 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  libraryEntries?: number;

  @ApiPropertyOptional({ default: 25 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  published?: number;

  @ApiPropertyOptional({ default: 15, description: '标志性成果(年度榜单入选成果)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  landmark?: number;

  @ApiPropertyOptional({ default: 25 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  discipline?: number;
}

export class StatsSettingsDto {
  @ApiPropertyOptional({ type: StatsTargetsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatsTargetsDto)
  targets?: StatsTargetsDto;

  @ApiPropertyOptional({ type: RankingWeightsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RankingWeightsDto)
  weights?: RankingWeightsDto;
}
