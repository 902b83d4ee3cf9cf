import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { CATEGORY_LABELS, LEVEL_CLAIM_LABELS } from '../achievements/achievement-category';
import { Achievement } from '../achievements/achievement.entity';
import { achievementFilters, pageAchievements } from '../achievements/achievement-query';
import { NotFoundError } from '../common/domain-errors';
import type { PublicSearchQuery } from './dto/public-search.query';
import { PublicSearchIndexService } from './public-search-index.service';

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
    private readonly em: EntityManager,
    private readonly search: PublicSearchIndexService,
  ) {}

  async list(
    query: PublicSearchQuery,
  ): Promise<{ items: PublicAchievementView[]; nextCursor: string | null }> {
    const conditions = achievementFilters({ ...query, q: undefined, state: 'published' });
    const q = query.q?.trim();
    if (q) conditions.push({ id: { $in: await this.search.search(q) } });
    const page = await pageAchievements(this.em.fork(), conditions, query);
    return { items: page.items.map(toPublicView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<PublicAchievementView> {
    const item = await this.em
      .fork()
      .findOne(
        Achievement,
        { id, workflow: { state: 'published' } },
        { populate: ['workflow', 'ownerOrganization', 'domain'] },
      );
    if (!item) throw new NotFoundError('该成果不存在或尚未发布', { id });
    return toPublicView(item);
  }
}

function toPublicView(item: Achievement): PublicAchievementView {
  return {
    id: item.id,
    title: item.title,
    summary: item.summary,
    category: item.category,
    categoryLabel: CATEGORY_LABELS[item.category],
    domain: { key: item.domain.key, name: item.domain.name },
    levelClaimLabel: LEVEL_CLAIM_LABELS[item.levelClaim],
    breaksMonopoly: item.breaksMonopoly,
    fillsGap: item.fillsGap,
    city: item.ownerOrganization.city,
    organization: item.ownerOrganization.name,
    completingUnits: item.completingUnits,
    completers: item.completers.map((c) => ({ name: c.name, unit: c.unit })),
  };
}
