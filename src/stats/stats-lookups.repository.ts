import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { collectionPeriodWorkflow } from '../collection/collection-period.definition';
import { NilReport } from '../collection/nil-report.entity';
import { GenerateSql } from '../database/generate-sql';
import { Organization } from '../organizations/organization.entity';
import { City } from '../reference/city.entity';
import { StrategicDomain } from '../reference/strategic-domain.entity';
import { ReleaseEditionItem } from '../releases/release-edition-item.entity';
import { ReleaseEdition, type EditionKind } from '../releases/release-edition.entity';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import { parsePeriod, type StatsPeriod } from './stats-period';

/**
 * The entities the statistics join their counts with (bodies, periods, nil reports, seats,
 * editions, reference names), read through the ORM; the counting statements are StatsRepository's.
 * Their SQL on each database is under queries/ as well (GenerateSql).
 */
@Injectable()
export class StatsLookupsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Selections in editions issued in the period (drafts and deselected picks do not count). */
  @GenerateSql({ params: [parsePeriod('2026')] })
  async releaseSelections(
    period: StatsPeriod,
  ): Promise<{ itemId: string; kind: EditionKind; issuedAt: Date }[]> {
    const rows = await this.em.fork().find(
      ReleaseEditionItem,
      {
        selected: true,
        edition: { state: 'issued', issuedAt: { $gte: period.from, $lt: period.to } },
      },
      { fields: ['achievement', 'edition.kind', 'edition.issuedAt'] },
    );
    return rows.map((r) => ({
      itemId: r.achievement.id,
      kind: r.edition.kind,
      issuedAt: r.edition.issuedAt!,
    }));
  }

  /**
   * The items selected on a year's issued annual list; when a correction of the list has been
   * issued, the last one issued is the list. None before the list is issued.
   */
  @GenerateSql({ params: [2026] })
  async annualListItems(year: number): Promise<string[]> {
    const em = this.em.fork();
    const [list] = await em.find(
      ReleaseEdition,
      { kind: 'annual', year, state: 'issued' },
      { fields: ['id'], orderBy: { issuedAt: 'desc', id: 'asc' }, limit: 1 },
    );
    if (!list) return [];
    const rows = await em.find(
      ReleaseEditionItem,
      { edition: list.id, selected: true },
      { fields: ['achievement'] },
    );
    return rows.map((r) => r.achievement.id);
  }

  /** The collecting bodies (reporting to the province directly), by city and name. */
  @GenerateSql({ params: [undefined] }, { name: 'one city', params: ['杭州'] })
  async collectingBodies(city?: string): Promise<Organization[]> {
    const orgs = await this.em
      .fork()
      .find(
        Organization,
        { reportsThrough: null, ...(city ? { city } : {}) },
        { orderBy: { city: 'asc', name: 'asc' } },
      );
    return orgs.filter((o) => o.type !== 'provincialDepartment' && o.type !== 'countyBureau');
  }

  /**
   * The months among `batches` whose collection period's machine is closed: a month the office
   * closed by hand before its close time is closed all the same.
   */
  @GenerateSql({ params: [['2026-01', '2026-02']] })
  async closedBatches(batches: readonly string[]): Promise<Set<string>> {
    const rows = await this.em.fork().find(
      WorkflowInstance,
      {
        definition: collectionPeriodWorkflow.name,
        state: 'closed',
        batchKey: { $in: [...batches] },
      },
      { fields: ['batchKey'] },
    );
    return new Set(rows.map((w) => w.batchKey).filter((k): k is string => k !== null));
  }

  /** The first nil report of each body and month, keyed `body:month`. */
  @GenerateSql({ params: [['2026-01', '2026-02']] })
  async nilReports(months: readonly string[]): Promise<Map<string, NilReport>> {
    const nils = new Map<string, NilReport>();
    for (const nil of await this.em.fork().find(NilReport, { period: { $in: [...months] } })) {
      const key = `${nil.organization.id}:${nil.period}`;
      if (!nils.has(key)) nils.set(key, nil);
    }
    return nils;
  }

  async organization(id: string): Promise<Organization | null> {
    return this.em.fork().findOne(Organization, id);
  }

  async cityNames(): Promise<string[]> {
    const cities = await this.em.fork().find(City, {}, { orderBy: { sortOrder: 'asc' } });
    return cities.map((c) => c.name);
  }

  /** When the first item was created (the statistics' periods start in its year), or null. */
  async firstItemCreatedAt(): Promise<Date | null> {
    const [first] = await this.em
      .fork()
      .find(Achievement, {}, { orderBy: { createdAt: 'asc' }, fields: ['createdAt'], limit: 1 });
    return first?.createdAt ?? null;
  }

  async cityExists(name: string): Promise<boolean> {
    return (await this.em.fork().count(City, { name })) > 0;
  }

  async domainExists(key: string): Promise<boolean> {
    return (await this.em.fork().count(StrategicDomain, { key })) > 0;
  }

  /** The cities and the fields of the "315" list, in the order the filters offer them. */
  async filterChoices(): Promise<{ cities: City[]; domains: StrategicDomain[] }> {
    const em = this.em.fork();
    const cities = await em.find(City, {}, { orderBy: { sortOrder: 'asc', name: 'asc' } });
    const domains = await em.find(
      StrategicDomain,
      {},
      { orderBy: { sortOrder: 'asc', key: 'asc' } },
    );
    return { cities, domains };
  }

  async domainNames(): Promise<Map<string, string>> {
    const rows = await this.em.fork().find(StrategicDomain, {});
    return new Map(rows.map((d) => [d.key, d.name]));
  }
}
