import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListAchievementsQuery } from '../../achievements/dto/list-achievements.query';

/**
 * The public catalogue's filters: the office list's, without `state` (always `published`), and
 * with `q` as full-text search rather than a plain match.
 */
export class PublicSearchQuery extends OmitType(ListAchievementsQuery, ['state', 'q'] as const) {
  @ApiPropertyOptional({
    description:
      'Full-text search over title, summary and units (Chinese works); terms separated by spaces must all match. Terms of 1–2 characters are matched with LIKE.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
