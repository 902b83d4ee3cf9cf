import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ExpertPoolService } from '../experts/expert-pool.service';
import { StrategicDomain } from '../reference/strategic-domain.entity';

/** An expert as the office's panel review shows them: name, unit and fields (the 315 domains). */
export interface PanelExpert {
  id: string;
  name: string;
  organization: string;
  fields: string[];
  available: boolean;
}

/**
 * The experts of the office's panel review: the fields each one declared in their profile, in
 * words, and the pool the office may pick a replacement from. Whether a pick is allowed is not
 * decided here: the ASSIGN_PANEL event checks it (pool, credit floor, conflicts) as for any panel.
 */
@Injectable()
export class PanelExpertsService {
  constructor(
    private readonly em: EntityManager,
    private readonly pool: ExpertPoolService,
  ) {}

  /** The given experts, or the whole pool when no ids are given, with their fields named. */
  async experts(ids?: string[]): Promise<Map<string, PanelExpert>> {
    const em = this.em.fork();
    if (ids && ids.length === 0) return new Map();
    const members = await this.pool.members(em, ids);
    const keys = [...new Set(members.flatMap((m) => m.domains))];
    const domains = keys.length
      ? await em.find(StrategicDomain, { key: { $in: keys } }, { fields: ['key', 'name'] })
      : [];
    const names = new Map(domains.map((d) => [d.key, d.name]));
    return new Map(
      members.map((m) => [
        m.user.id,
        {
          id: m.user.id,
          name: m.user.displayName,
          organization: m.user.organization.name,
          fields: m.domains.map((k) => names.get(k) ?? '未登记领域'),
          available: m.available,
        },
      ]),
    );
  }
}
