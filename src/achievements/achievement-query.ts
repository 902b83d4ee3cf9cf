import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { InvalidInputError } from '../common/domain-errors';
import { Achievement } from './achievement.entity';
import type { ListAchievementsQuery } from './dto/list-achievements.query';

/** Filters shared by the signed-in list and the public catalogue. */
export function achievementFilters(query: ListAchievementsQuery): FilterQuery<Achievement>[] {
  const conditions: FilterQuery<Achievement>[] = [];
  if (query.state) conditions.push({ workflow: { state: query.state } });
  if (query.category) conditions.push({ category: query.category });
  if (query.domain) conditions.push({ domain: query.domain });
  if (query.city) conditions.push({ ownerOrganization: { city: query.city } });
  if (query.year) conditions.push({ workflow: { batchKey: { $like: `${query.year}-%` } } });
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push({ $or: [{ title: { $like: like } }, { summary: { $like: like } }] });
  }
  return conditions;
}

/** Newest first, keyset-paginated with an opaque cursor. */
export async function pageAchievements(
  em: EntityManager,
  conditions: FilterQuery<Achievement>[],
  query: Pick<ListAchievementsQuery, 'limit' | 'cursor'>,
): Promise<{ items: Achievement[]; nextCursor: string | null }> {
  try {
    const page = await em.findByCursor(Achievement, conditions.length ? { $and: conditions } : {}, {
      first: query.limit ?? 20,
      after: query.cursor,
      orderBy: { createdAt: 'desc', id: 'desc' },
      // The total is never shown, and counting it scanned every matching row on each page.
      includeCount: false,
      populate: ['workflow', 'ownerOrganization', 'domain'],
    });
    return { items: page.items, nextCursor: page.hasNextPage ? page.endCursor : null };
  } catch (err) {
    if (query.cursor) throw InvalidInputError.field('cursor', '分页游标无效');
    throw err;
  }
}
