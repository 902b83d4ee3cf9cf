import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class IssueReportDto {
  @ApiPropertyOptional({ description: '印发说明' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}
