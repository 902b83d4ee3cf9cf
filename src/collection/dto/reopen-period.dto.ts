import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ReopenPeriodDto {
  @ApiProperty({ example: '部分设区市因系统故障未能按时报送' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ example: '2026-11-15T23:59:59+08:00', description: 'The new close time' })
  @Type(() => Date)
  @IsDate()
  closesAt: Date;
}
