import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, Max, Min } from 'class-validator';

export class MoveClockDto {
  @ApiPropertyOptional({
    example: '2026-11-06T09:00:00+08:00',
    description: 'Set the clock to this time',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ example: 1, description: 'Or move it forward by this many days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  advanceDays?: number;
}
