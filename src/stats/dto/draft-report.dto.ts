import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class DraftReportDto {
  @ApiProperty({ description: '已结束的季度(YYYY-Qn)或年度(YYYY)', example: '2026-Q3' })
  @Matches(/^\d{4}(-Q[1-4])?$/, { message: '必须是 YYYY 或 YYYY-Q1…Q4 格式的季度或年度' })
  period: string;
}
