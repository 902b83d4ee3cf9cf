import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode, type FilterQuery } from '@mikro-orm/core';
import { InvalidInputError } from '../common/domain-errors';
import { isPostgres } from '../database/dialect';
import { emOf, type Tx } from '../database/tx';
import { Organization } from '../organizations/organization.entity';
import type { StrategicDomain } from '../reference/strategic-domain.entity';
import { User } from '../users/user.entity';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import { achievementFilters } from './achievement-query';
import { Achievement } from './achievement.entity';
import type { ListAchievementsQuery } from './dto/list-achievements.query';

/** The relations an item page needs; a transition's check needs only the workflow. */
export const ITEM_RELATIONS = [
  'workflow',
  'ownerOrganization',
  'recommenderOrganization',
  'domain',
  'createdBy',
] as const;
export type ItemRelation = (typeof ITEM_RELATIONS)[number];

/** The item's own record: what the unit fills in and may change while the item is its. */
export interface AchievementRecordFields {
  title: string;
  summary: string;
  category: Achievement['category'];
  levelClaim: Achievement['levelClaim'];
  breaksMonopoly: boolean;
  fillsGap: boolean;
  completingUnits: Achievement['completingUnits'];
  completers: Achievement['completers'];
  ip: Achievement['ip'];
  evidence: Achievement['evidence'];
}

export interface NewAchievement extends AchievementRecordFields {
  id: string;
  workflow: WorkflowInstance;
  owner: Organization;
  recommenderId: string;
  createdById: string;
  domain: StrategicDomain;
  at: Date;
}

@Injectable()
export class AchievementsRepository {
  constructor(private readonly em: EntityManager) {}

  organization(tx: Tx, id: string): Promise<Organization> {
    return emOf(tx).findOneOrFail(Organization, id);
  }

  /** Adds the item in the caller's transaction, beside its workflow instance. */
  add(tx: Tx, item: NewAchievement): void {
    const em = emOf(tx);
    const { owner, recommenderId, createdById, at, ...fields } = item;
    em.create(Achievement, {
      ...fields,
      ownerOrganization: owner,
      recommenderOrganization: em.getReference(Organization, recommenderId),
      createdBy: em.getReference(User, createdById),
      createdAt: at,
      updatedAt: at,
    });
  }

  /** The item with the relations asked for, in the caller's transaction or a fork of its own. */
  find(
    id: string,
    populate: readonly ItemRelation[] = ITEM_RELATIONS,
    tx?: Tx,
  ): Promise<Achievement | null> {
    return (tx ? emOf(tx) : this.em.fork()).findOne(Achievement, { id }, { populate });
  }

  /**
   * The item's workflow row read afresh and locked for the rest of the transaction on PostgreSQL,
   * so that a concurrent SUBMIT cannot slip between a state check and a write; SQLite transactions
   * are already serialised.
   */
  lockWorkflow(tx: Tx, workflowId: string): Promise<WorkflowInstance> {
    const em = emOf(tx);
    return em.findOneOrFail(WorkflowInstance, workflowId, {
      lockMode: isPostgres(em) ? LockMode.PESSIMISTIC_WRITE : undefined,
      refresh: true,
    });
  }

  /** Changes the item's record in the caller's transaction. */
  update(
    tx: Tx,
    item: Achievement,
    fields: AchievementRecordFields & { domain: StrategicDomain; updatedAt: Date },
  ): void {
    emOf(tx).assign(item, fields);
  }

  /** The items with their workflow rows, in no particular order. */
  withWorkflows(ids: readonly string[]): Promise<Achievement[]> {
    return this.em.fork().find(Achievement, { id: { $in: [...ids] } }, { populate: ['workflow'] });
  }

  user(id: string): Promise<User | null> {
    return this.em.fork().findOne(User, { id });
  }

  /**
   * One page of the signed-in item list (the query's filters and the caller's visibility), newest
   * first, keyset-paginated with an opaque cursor.
   */
  async page(
    query: ListAchievementsQuery,
    visibility: FilterQuery<Achievement> | null | undefined,
  ): Promise<{ items: Achievement[]; nextCursor: string | null }> {
    const em = this.em.fork();
    const conditions = achievementFilters(query, { sqlite: !isPostgres(em) });
    if (visibility) conditions.push(visibility);
    try {
      const page = await em.findByCursor(
        Achievement,
        conditions.length ? { $and: conditions } : {},
        {
          first: query.limit ?? 20,
          after: query.cursor,
          orderBy: { createdAt: 'desc', id: 'desc' },
          // The total is never shown, and counting it scanned every matching row on each page.
          includeCount: false,
          populate: ['workflow', 'ownerOrganization', 'domain'],
        },
      );
      return { items: page.items, nextCursor: page.hasNextPage ? page.endCursor : null };
    } catch (err) {
      if (query.cursor) throw InvalidInputError.field('cursor', '分页游标无效');
      throw err;
    }
  }
}
