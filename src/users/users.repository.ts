import { EntityManager, raw, type FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { UserRole } from '../../workflows/achievement.machine';
import { User } from './user.entity';

/** The security administrator's user search; every filter optional. */
export interface UserSearch {
  /** Part of the user name or the name, any case. */
  q?: string;
  role?: UserRole;
  active?: boolean;
  organizationId?: string;
}

/** `%text%` for LIKE with `%`, `_` and `\` taken literally (the ESCAPE clause is written out). */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** At most this many users in one answer; a search narrows it. */
export const USER_SEARCH_LIMIT = 500;

@Injectable()
export class UsersRepository {
  constructor(private readonly em: EntityManager) {}

  search(search: UserSearch): Promise<User[]> {
    const where: FilterQuery<User>[] = [];
    if (search.q) {
      const pattern = likePattern(search.q.trim());
      where.push({
        [raw(
          (alias) =>
            `(lower(${alias}.username) like ? escape '\\' or lower(${alias}.display_name) like ? escape '\\')`,
          [pattern, pattern],
        )]: [],
      });
    }
    if (search.role) {
      // roles is a JSON array of names; as text it holds "role" with its quotes.
      where.push({
        [raw((alias) => `cast(${alias}.roles as text) like ?`, [`%"${search.role}"%`])]: [],
      });
    }
    if (search.active !== undefined) where.push({ active: search.active });
    if (search.organizationId) where.push({ organization: search.organizationId });
    return this.em.find(User, where.length ? { $and: where } : {}, {
      populate: ['organization'],
      orderBy: { username: 'asc' },
      limit: USER_SEARCH_LIMIT,
    });
  }
}
