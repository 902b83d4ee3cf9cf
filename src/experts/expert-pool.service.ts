import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { isPostgres } from '../database/dialect';
import type { ExpertIdentity } from './expert-identity';
import { User } from '../users/user.entity';
import { ExpertProfile } from './expert-profile.entity';

export interface PoolMember {
  user: User;
  profile: ExpertProfile | null;
  identity: ExpertIdentity;
  domains: string[];
  /** Takes assignments: an active user, and a profile (if any) that is active. */
  available: boolean;
}

/** The expert pool: every user with the expert role, with their profile where one exists. */
@Injectable()
export class ExpertPoolService {
  async members(em: EntityManager, ids?: readonly string[]): Promise<PoolMember[]> {
    const users = await em.find(
      User,
      { id: { $in: ids ? [...ids] : await this.expertIds(em) } },
      { populate: ['organization'], orderBy: { username: 'asc' } },
    );
    const experts = users.filter((u) => u.roles.includes('expert'));
    const profiles = await em.find(ExpertProfile, { user: { $in: experts.map((u) => u.id) } });
    const byUser = new Map(profiles.map((p) => [p.user.id, p]));
    return experts.map((user) => {
      const profile = byUser.get(user.id) ?? null;
      return {
        user,
        profile,
        domains: profile?.domains ?? [],
        available: user.active && (profile?.active ?? true),
        identity: {
          id: user.id,
          name: user.displayName,
          organization: {
            id: user.organization.id,
            name: user.organization.name,
            parent: profile?.parentOrganization ?? null,
          },
          declared: (profile?.declaredConflicts ?? []).map((d) => ({ kind: d.kind, name: d.name })),
        },
      };
    });
  }

  /**
   * The ids of users with the expert role, found in SQL: the pool is read on every seating and
   * replacement, and hydrating every account of the province (units, bodies, office) with its
   * organisation to keep the experts cost more than the rest of the seating.
   */
  private async expertIds(em: EntityManager): Promise<string[]> {
    // Roles are a JSON array; as text it holds each role quoted, on both databases.
    const roles = isPostgres(em) ? '"roles"::text' : '"roles"';
    const rows = await (em as SqlEntityManager).execute<{ id: string }[]>(
      `select "id" from "app_user" where ${roles} like ?`,
      ['%"expert"%'],
    );
    return rows.map((r) => r.id);
  }

  async member(em: EntityManager, id: string): Promise<PoolMember | null> {
    return (await this.members(em, [id]))[0] ?? null;
  }
}
