import { Injectable } from '@nestjs/common';
import type { ExpertIdentity } from './expert-identity';
import type { User } from '../users/user.entity';
import type { ExpertProfile } from './expert-profile.entity';
import { ExpertsRepository } from './experts.repository';
import type { Tx } from '../database/tx';

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
  constructor(private readonly repository: ExpertsRepository) {}

  async members(tx: Tx, ids?: readonly string[]): Promise<PoolMember[]> {
    const users = await this.repository.users(
      tx,
      ids ? [...ids] : await this.repository.expertIds(tx),
    );
    const experts = users.filter((u) => u.roles.includes('expert'));
    const profiles = await this.repository.profiles(
      tx,
      experts.map((u) => u.id),
    );
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

  async member(tx: Tx, id: string): Promise<PoolMember | null> {
    return (await this.members(tx, [id]))[0] ?? null;
  }
}
