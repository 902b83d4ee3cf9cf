import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../access/auth.decorators';
import { uuidParam } from '../common/uuid-param';
import { PublicSearchQuery } from './dto/public-search.query';
import { PublicCatalogueService, type PublicAchievementView } from './public-catalogue.service';
import { PublicRateLimit } from '../common/rate-limit';

/** The permanent release platform's data: published results, open to everyone. */
@ApiTags('public')
@Public()
@PublicRateLimit()
@Controller('api/public/achievements')
export class PublicCatalogueController {
  constructor(private readonly catalogue: PublicCatalogueService) {}

  @Get()
  list(
    @Query() query: PublicSearchQuery,
  ): Promise<{ items: PublicAchievementView[]; nextCursor: string | null }> {
    return this.catalogue.list(query);
  }

  @Get(':id')
  get(
    @Param('id', uuidParam())
    id: string,
  ): Promise<PublicAchievementView> {
    return this.catalogue.get(id);
  }
}
