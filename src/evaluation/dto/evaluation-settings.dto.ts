import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { Category } from '../../reference/achievement-category';

export class CreditFormulaDto {
  @IsNumber() @Min(0) @Max(100) base: number;
  @IsNumber() @Min(0) @Max(20) onTimeBonus: number;
  @IsInt() @Min(0) @Max(100) onTimeCap: number;
  @IsNumber() @Min(0) @Max(50) latePenalty: number;
  @IsNumber() @Min(0) @Max(50) lapsePenalty: number;
  @IsNumber() @Min(0) @Max(50) recusalPenalty: number;
  @IsInt() @Min(0) @Max(100) freeRecusals: number;
  @IsNumber() @Min(0) @Max(10) deviationPenalty: number;
  @IsNumber() @Min(0) @Max(100) deviationTolerance: number;
  @IsNumber() @Min(0) @Max(100) conflictPenalty: number;
  @IsNumber() @Min(0) @Max(100) flagPenalty: number;
}

/** Any subset of the evaluation settings; the rest stay as they are. */
export class EvaluationSettingsDto {
  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(25)
  panelSize?: number;

  @ApiPropertyOptional({ example: { integratedCircuits: 7 } })
  @IsOptional()
  @IsObject()
  panelSizeByDomain?: Record<string, number>;

  @ApiPropertyOptional({ example: 7 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  deadlineDays?: number;

  @ApiPropertyOptional({ example: [2, 1] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(30, { each: true })
  reminderDaysBefore?: number[];

  @ApiPropertyOptional({ example: 60 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  creditFloor?: number;

  @ApiPropertyOptional({ type: CreditFormulaDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreditFormulaDto)
  credit?: CreditFormulaDto;

  @ApiPropertyOptional({ example: { majorApplication: ['applicationProof'] } })
  @IsOptional()
  @IsObject()
  requiredAttachments?: Partial<Record<Category, string[]>>;
}
