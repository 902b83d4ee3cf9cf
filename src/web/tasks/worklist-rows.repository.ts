import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Achievement } from '../../achievements/achievement.entity';
import { Attachment } from '../../attachments/attachment.entity';
import { ConflictDecision } from '../../evaluation/conflict-decision.entity';
import { VerificationVisit } from '../../verification/verification-visit.entity';

/**
 * The rows 我的待办 shows once WorklistRepository has picked them: the items of the pages with
 * what a row displays, and what the rows' notes need (files, visits, the office's conflict
 * decisions). Each read is for the ids of the page shown, never for a whole state.
 */
@Injectable()
export class WorklistRowsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The pages' items with what a row shows, by id. */
  async items(ids: string[]): Promise<Map<string, Achievement>> {
    if (!ids.length) return new Map();
    const rows = await this.em
      .fork()
      .find(
        Achievement,
        { id: { $in: [...new Set(ids)] } },
        { populate: ['workflow', 'ownerOrganization', 'domain'] },
      );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Which of the items have at least one file that is not deleted. */
  async withFiles(ids: string[]): Promise<Set<string>> {
    const files = await this.em
      .fork()
      .find(
        Attachment,
        { achievement: { $in: ids }, deletedAt: null },
        { fields: ['achievement'] },
      );
    return new Set(files.map((f) => f.achievement.id));
  }

  /** The items' on-site visits, by item. */
  async visits(ids: string[]): Promise<Map<string, VerificationVisit>> {
    const visits = await this.em.fork().find(VerificationVisit, { achievement: { $in: ids } });
    return new Map(visits.map((v) => [v.achievement.id, v]));
  }

  /** Per item, the experts on whom the office has decided a conflict (any decision counts). */
  async decidedConflicts(ids: string[]): Promise<Map<string, Set<string>>> {
    // All in one query; the latest per expert counts, and any decision at all means decided.
    const decisions = await this.em
      .fork()
      .find(ConflictDecision, { achievement: { $in: ids } }, { orderBy: { decidedAt: 'asc' } });
    const decided = new Map<string, Set<string>>();
    for (const d of decisions) {
      const set = decided.get(d.achievement.id) ?? new Set<string>();
      set.add(d.expert.id);
      decided.set(d.achievement.id, set);
    }
    return decided;
  }
}
