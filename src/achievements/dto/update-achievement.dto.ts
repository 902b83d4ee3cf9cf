import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { AchievementRecordDto } from './achievement-record.dto';

/**
 * Any subset of the record. Fields are checked for shape here; the merged record is then checked
 * whole, since the evidence rules depend on the category, which the patch may or may not change.
 */
export class UpdateAchievementDto extends PartialType(
  OmitType(AchievementRecordDto, ['evidence'] as const),
) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  evidence?: Record<string, unknown>;
}
