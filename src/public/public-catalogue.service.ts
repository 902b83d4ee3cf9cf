import { Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, LEVEL_CLAIM_LABELS } from '../reference/achievement-category';
import type { Achievement } from '../achievements/achievement.entity';
import { NotFoundError } from '../common/domain-errors';
import type { PublicSearchQuery } from './dto/public-search.query';
import { PublicSearchIndexService } from './public-search-index.service';
import { PublicSearchRepository, type PublicRow } from './public-search.repository';

/** What the public may see of a published result: no IP details, scores or internal history. */
export interface PublicAchievementView {
  id: string;
  title: string;
  summary: string;
  category: string;
  categoryLabel: string;
  domain: { key: string; name: string };
  levelClaimLabel: string;
  breaksMonopoly: boolean;
  fillsGap: boolean;
  city: string;
  organization: string;
  completingUnits: Achievement['completingUnits'];
  completers: { name: string; unit: string }[];
}

@Injectable()
export class PublicCatalogueService {
  constructor(
    private readonly repository: PublicSearchRepository,
    private readonly search: PublicSearchIndexService,
  ) {}

  async list(
    query: PublicSearchQuery,
  ): Promise<{ items: PublicAchievementView[]; nextCursor: string | null }> {
    const page = await this.search.page(query);
    const byId = new Map((await this.views(page.ids)).map((v) => [v.id, v]));
    const items = page.ids.flatMap((id) => byId.get(id) ?? []);
    return { items, nextCursor: page.nextCursor };
  }

  /** How many published items match (the public list's 「共 N 项」). */
  count(query: PublicSearchQuery): Promise<number> {
    return this.search.count(query);
  }

  async get(id: string): Promise<PublicAchievementView> {
    const [item] = await this.views([id]);
    if (!item) throw new NotFoundError('该成果不存在或尚未发布', { id });
    return item;
  }

  /** The public view of those of `ids` that are published (listed). */
  private async views(ids: string[]): Promise<PublicAchievementView[]> {
    return (await this.repository.views(ids)).map(toPublicView);
  }
}

function json<T>(value: string | T): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function toPublicView(row: PublicRow): PublicAchievementView {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    category: row.category,
    categoryLabel: CATEGORY_LABELS[row.category],
    domain: { key: row.domain_key, name: row.domain_name },
    levelClaimLabel: LEVEL_CLAIM_LABELS[row.level_claim],
    breaksMonopoly: Boolean(row.breaks_monopoly),
    fillsGap: Boolean(row.fills_gap),
    city: row.city,
    organization: row.organization,
    completingUnits: json(row.completing_units),
    completers: json(row.completers).map((c) => ({ name: c.name, unit: c.unit })),
  };
}
