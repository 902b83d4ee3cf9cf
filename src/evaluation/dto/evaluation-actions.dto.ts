import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

export class BatchPassDto {
  @ApiProperty({ description: 'achievement ids in eligibilityCheck' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('4', { each: true })
  ids: string[];

  @ApiPropertyOptional({ description: 'required when a rule of any item failed' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ReasonDto {
  @ApiProperty({ example: '专家库中补充同领域专家' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class ConflictDecisionDto extends ReasonDto {
  @ApiProperty({ enum: ['falsePositive', 'confirmed'] })
  @IsIn(['falsePositive', 'confirmed'])
  decision: 'falsePositive' | 'confirmed';
}
