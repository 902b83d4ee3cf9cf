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
  @ApiPropertyOptional({ default: 40 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  libraryEntries?: number;

  @ApiPropertyOptional({ default: 30 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  published?: number;

  @ApiPropertyOptional({ default: 30 })
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
