import { EntityManager } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { Achievement } from '../achievements/achievement.entity';
import { GenerateSql } from '../database/generate-sql';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { NilReport } from './nil-report.entity';

/** Bodies that report to the province directly; the office's own department collects nothing. */
export function isCollectingBody(org: Organization): boolean {
  return !org.reportsThrough && org.type !== 'provincialDepartment' && org.type !== 'countyBureau';
}

/**
 * The reads behind a period's reporting status (征集情况): the collecting bodies, their nil
 * reports, and the batch counted as aggregates: the status is on the office's and the
 * recommenders' 我的待办 and on /collection, and a busy month's batch holds thousands of items,
 * so they are counted per body by the database rather than loaded.
 */
@Injectable()
export class CollectionStatusRepository {
  constructor(private readonly em: EntityManager) {}

  /** How many items each recommending body has in the period's batch (bodies with none are absent). */
  @GenerateSql({ params: ['2026-01'] })
  async reportedPerBody(period: string): Promise<Map<string, number>> {
    // Read off two indexes alone, no table row: the batch's workflow ids off (definition,
    // batch_key, id), each one's body off achievement's (workflow, body). PostgreSQL picks that
    // itself; SQLite prefers the unique index on workflow_id (one row either way) and would read
    // the achievement's wide row per item, so it is told (23 -> 9 ms at a batch of 12,500).
    const achievement = this.isPostgres()
      ? 'achievement as a'
      : this.knex().raw('?? as ?? indexed by ??', [
          'achievement',
          'a',
          'achievement_workflow_id_recommender_organization_id_index',
        ]);
    // Sent through the EntityManager, not knex itself, so that the SQL snapshot sees it.
    const rows = await this.sql().execute<{ org: string; n: number | string }[]>(
      this.knex()('workflow_instance as w')
        .join(achievement, 'a.workflow_id', 'w.id')
        .where({ 'w.definition': 'achievement', 'w.batch_key': period })
        .groupBy('a.recommender_organization_id')
        .select('a.recommender_organization_id as org')
        .count({ n: '*' }),
    );
    return new Map(rows.map((r) => [r.org, Number(r.n)]));
  }

  /** The period's items still `submitted`: what closing its batch now would move on. */
  @GenerateSql({ params: ['2026-01'] })
  async waitingInBatch(period: string): Promise<number> {
    // A count always gives one row; `get` returns it alone.
    const row: { n?: number | string } | undefined = await this.sql().execute<{
      n?: number | string;
    }>(
      this.knex()('workflow_instance')
        .where({ definition: 'achievement', state: 'submitted', batch_key: period })
        .count({ n: '*' })
        .first(),
      [],
      'get',
    );
    return Number(row?.n ?? 0);
  }

  /** The collecting bodies (see isCollectingBody), by city and name. */
  @GenerateSql()
  async collectingBodies(): Promise<Organization[]> {
    const orgs = await this.em
      .fork()
      .find(Organization, { reportsThrough: null }, { orderBy: { city: 'asc', name: 'asc' } });
    return orgs.filter(isCollectingBody);
  }

  /** The period's nil reports by body, with who filed each. */
  @GenerateSql({ params: ['2026-01'] })
  async nilReports(period: string): Promise<Map<string, NilReport>> {
    const nils = await this.em.fork().find(NilReport, { period }, { populate: ['filedBy'] });
    return new Map(nils.map((n) => [n.organization.id, n]));
  }

  organization(id: string): Promise<Organization> {
    return this.em.fork().findOneOrFail(Organization, id);
  }

  /** How many items the body has recommended into the period's batch. */
  @GenerateSql({ params: ['00000000-0000-4000-8000-000000000001', '2026-01'] })
  reportedBy(bodyId: string, period: string): Promise<number> {
    return this.em.fork().count(Achievement, {
      recommenderOrganization: bodyId,
      workflow: { definition: 'achievement', batchKey: period },
    });
  }

  async hasNilReport(bodyId: string, period: string): Promise<boolean> {
    return (await this.em.fork().count(NilReport, { organization: bodyId, period })) > 0;
  }

  async fileNilReport(report: {
    organization: string;
    period: string;
    filedBy: string;
    filedAt: Date;
    comment: string | null;
  }): Promise<void> {
    const em = this.em.fork();
    em.create(NilReport, {
      ...report,
      organization: em.getReference(Organization, report.organization),
      filedBy: em.getReference(User, report.filedBy),
    });
    await em.flush();
  }

  private isPostgres(): boolean {
    return this.em.getDriver().constructor.name === 'PostgreSqlDriver';
  }

  private sql(): SqlEntityManager {
    return this.em.fork() as SqlEntityManager;
  }

  private knex(): Knex {
    return (this.em as SqlEntityManager).getKnex();
  }
}
