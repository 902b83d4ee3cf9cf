import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { User } from '../../users/user.entity';

/** People's display names for the console's pages (history, scores), read for the ids asked only. */
@Injectable()
export class UserNamesRepository {
  constructor(private readonly em: EntityManager) {}

  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.em
      .fork()
      .find(User, { id: { $in: [...ids] } }, { fields: ['id', 'displayName'] });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }
}
