import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Achievement } from '../../achievements/achievement.entity';
import { AuditEvent } from '../../workflow/audit-event.entity';
import type { MyDecision } from './recommend.view-model';

/** A recommender's own decisions as the audit records them, with where each item is now. */
@Injectable()
export class RecommendDecisionsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The actor's events of the given types since `since`, the latest `limit` (newest first) with
   * the count of them all. Two indexed queries, and one for the items' titles.
   */
  async since(
    actorId: string,
    eventTypes: string[],
    since: Date,
    limit: number,
  ): Promise<{ rows: MyDecision[]; total: number }> {
    const em = this.em.fork();
    const where = { actorId, eventType: { $in: eventTypes }, at: { $gte: since } };
    const [events, total] = await Promise.all([
      em.find(AuditEvent, where, {
        orderBy: { at: 'desc', id: 'desc' },
        limit,
        populate: ['instance'],
      }),
      em.count(AuditEvent, where),
    ]);
    const items = await em.find(
      Achievement,
      { workflow: { $in: [...new Set(events.map((e) => e.instance.id))] } },
      { fields: ['id', 'title', 'workflow'] },
    );
    const byInstance = new Map(items.map((i) => [i.workflow.id, i]));
    return {
      total,
      rows: events.flatMap((e) => {
        const item = byInstance.get(e.instance.id);
        if (!item) return [];
        return [
          {
            itemId: item.id,
            title: item.title,
            event: e.eventType,
            at: e.at.toISOString(),
            comment: e.comment,
            state: e.instance.state,
          },
        ];
      }),
    };
  }
}
