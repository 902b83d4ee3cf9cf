import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { EVENT_TYPES, type AchievementEventType } from '../../../workflows/achievement.machine';

export class SendEventDto {
  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES)
  type: AchievementEventType;

  @ApiPropertyOptional({ description: 'The version the caller saw; a mismatch answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'Event data, e.g. SUBMIT_SCORE: {scores:{…}, comment}' })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
