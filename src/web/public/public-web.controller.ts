import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { ListAchievementsQuery } from '../../achievements/dto/list-achievements.query';
import { Public } from '../../access/auth.decorators';
import { validateAs } from '../../common/validation';
import { PublicCatalogueService } from '../../public/public-catalogue.service';
import { uuid } from '../shared/web-http';
import { ConsoleService } from '../items/console.service';
import { PublicDetailPage, PublicListPage } from './views/public.page';
import { type CatalogueFilters } from '../shared/catalogue.view-model';
import { html } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { PublicRateLimit } from '../../common/rate-limit';

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The public release platform: published results only, for everyone. */
@Public()
@UseFilters(WebExceptionFilter)
@PublicRateLimit()
@Controller('public')
export class PublicWebController {
  constructor(
    private readonly catalogue: PublicCatalogueService,
    private readonly console: ConsoleService,
  ) {}

  @Get()
  async list(@Query() raw: Record<string, unknown>): Promise<string> {
    const filters: CatalogueFilters = {
      q: one(raw.q),
      category: one(raw.category),
      domain: one(raw.domain),
      city: one(raw.city),
      year: one(raw.year),
      cursor: one(raw.cursor),
    };
    const query = await validateAs(ListAchievementsQuery, { ...filters, limit: 20 });
    const [page, total, options] = await Promise.all([
      this.catalogue.list(query),
      this.catalogue.count(query),
      this.console.filterOptions(),
    ]);
    return html(
      PublicListPage({
        filters,
        options,
        items: page.items,
        total,
        nextCursor: page.nextCursor,
      }),
    );
  }

  @Get(':id')
  async detail(@Param('id', uuid('成果')) id: string): Promise<string> {
    return html(PublicDetailPage({ item: await this.catalogue.get(id) }));
  }
}
