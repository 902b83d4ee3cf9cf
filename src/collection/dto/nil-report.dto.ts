import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class NilReportDto {
  @ApiPropertyOptional({ example: '本月无符合条件的重大成果' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
