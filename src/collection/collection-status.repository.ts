import { EntityManager } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

/**
 * The reads behind a period's reporting status (征集情况), as aggregates: the status is on the
 * office's and the recommenders' 我的待办 and on /collection, and a busy month's batch holds
 * thousands of items, so they are counted per body by the database rather than loaded.
 */
@Injectable()
export class CollectionStatusRepository {
  constructor(private readonly em: EntityManager) {}

  /** How many items each recommending body has in the period's batch (bodies with none are absent). */
  async reportedPerBody(period: string): Promise<Map<string, number>> {
    const rows: { org: string; n: number | string }[] = await this.knex()('workflow_instance as w')
      .join('achievement as a', 'a.workflow_id', 'w.id')
      .where({ 'w.definition': 'achievement', 'w.batch_key': period })
      .groupBy('a.recommender_organization_id')
      .select('a.recommender_organization_id as org')
      .count({ n: '*' });
    return new Map(rows.map((r) => [r.org, Number(r.n)]));
  }

  /** The period's items still `submitted`: what closing its batch now would move on. */
  async waitingInBatch(period: string): Promise<number> {
    const row: { n?: number | string } | undefined = await this.knex()('workflow_instance')
      .where({ definition: 'achievement', state: 'submitted', batch_key: period })
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  private knex(): Knex {
    return (this.em as SqlEntityManager).getKnex();
  }
}
