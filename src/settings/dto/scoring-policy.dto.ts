import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

/** A map of criterion key → positive weight, with 1–12 English keys. */
function IsWeightMap(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isWeightMap',
      validator: {
        validate: (value: unknown) => {
          if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          return (
            entries.length >= 1 &&
            entries.length <= 12 &&
            entries.every(
              ([k, v]) =>
                /^[a-z][A-Za-z0-9]{0,31}$/.test(k) && typeof v === 'number' && v > 0 && v <= 100,
            )
          );
        },
        defaultMessage: () => '必须是 1–12 个评分项,键为英文标识,权重为 0–100 之间的正数',
      },
    },
    options,
  );
}

export class ScoringPolicyDto {
  @ApiProperty({
    example: { innovation: 30, advancement: 25, significance: 20, benefit: 15, maturity: 10 },
  })
  @IsObject()
  @IsWeightMap()
  weights: Record<string, number>;

  @ApiProperty({ example: 5 })
  @IsInt()
  @Min(1)
  @Max(25)
  quorum: number;

  @ApiProperty({ example: 75 })
  @IsNumber()
  @Min(0)
  @Max(100)
  threshold: number;

  @ApiPropertyOptional({
    example: 60,
    description:
      'A complete panel whose scores spread (max − min) more than this goes to consensus',
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  spreadGap?: number;
}
