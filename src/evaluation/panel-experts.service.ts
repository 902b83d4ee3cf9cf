import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/tx';
import { ExpertPoolService } from '../experts/expert-pool.service';
import { PanelRepository } from './panel.repository';

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
    private readonly transactions: Transactions,
    private readonly pool: ExpertPoolService,
    private readonly repository: PanelRepository,
  ) {}

  /** The given experts, or the whole pool when no ids are given, with their fields named. */
  async experts(ids?: string[]): Promise<Map<string, PanelExpert>> {
    const tx = this.transactions.reader();
    if (ids && ids.length === 0) return new Map();
    const members = await this.pool.members(tx, ids);
    const names = await this.repository.domainNames(tx, [
      ...new Set(members.flatMap((m) => m.domains)),
    ]);
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
