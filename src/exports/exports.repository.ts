import { Injectable } from '@nestjs/common';
import { EntityManager, RawQueryFragment } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Achievement } from '../achievements/achievement.entity';
import { GenerateSql } from '../database/generate-sql';
import { ExpertAssignment } from '../evaluation/expert-assignment.entity';
import type { Category } from '../reference/achievement-category';
import { parsePeriod, type StatsPeriod } from '../stats/stats-period';
import type { StatsFilters } from '../stats/stats.types';
import { AuditEvent } from '../workflow/audit-event.entity';

/** A datetime column as the driver returns it: epoch milliseconds on SQLite, a Date on PostgreSQL. */
export type RawTime = number | string | Date;

export interface ItemRow {
  id: string;
  title: string;
  category: Category;
  domain_name: string;
  city: string;
  owner_name: string;
  body_name: string;
  state: string;
  batch_key: string | null;
  created_at: RawTime;
  score_aggregate?: number | null;
  score_spread?: number | null;
  score_round?: number | null;
}

export interface AuditRow {
  id: number | string;
  definition: string;
  instance_id: string;
  seq: number;
  event_type: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_role: string;
  at: RawTime;
  comment: string | null;
  hash: string;
}

export interface SeatRow {
  id: string;
  display_name: string;
  username: string;
  achievement_id: string;
  title: string;
  round: number;
  status: string;
  source: string;
  assigned_at: RawTime;
  due_at: RawTime;
  submitted_at: RawTime | null;
  weighted: number | null;
  end_reason: string | null;
}

/** Fixed arguments for the SQL snapshots (see GenerateSql). */
const YEAR = parsePeriod('2026');
const ITEM_AFTER = { id: '00000000-0000-4000-8000-000000000001', created_at: Date.UTC(2026, 2, 1) };
const SEAT_AFTER = {
  id: '00000000-0000-4000-8000-000000000001',
  assigned_at: Date.UTC(2026, 2, 1),
};

/**
 * The office's tables as keyset-paged queries that select plain columns: hydrating entities (and
 * every workflow snapshot) cost most of the time and memory of a large export. Each call reads
 * the `limit` rows after `after` (the previous page's last row), as the driver returns them.
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Items with their state; with `withScores`, the panel's aggregate score, spread and round. */
  @GenerateSql(
    { name: 'first page', params: [{}, false, null, 1000] },
    {
      name: 'scores, filters, next page',
      params: [
        { city: '杭州', domain: 'ai', category: 'basicResearch', period: '2026' },
        true,
        ITEM_AFTER,
        1000,
      ],
    },
  )
  itemsPage(
    filters: Partial<StatsFilters>,
    withScores: boolean,
    after: Pick<ItemRow, 'id' | 'created_at'> | null,
    limit: number,
  ): Promise<ItemRow[]> {
    const em = this.em.fork() as SqlEntityManager;
    // Only the three figures are read out of the snapshot, in SQL, never the snapshot itself.
    const context = (key: string, type: string) =>
      (
        em
          .getPlatform()
          .getSearchJsonPropertyKey(
            ['w.snapshot', 'context', key],
            type,
            false,
          ) as unknown as RawQueryFragment
      ).as(`score_${key}`);
    const qb = em
      .createQueryBuilder(Achievement, 'a')
      .select([
        'a.id',
        'a.title',
        'a.category',
        'd.name as domain_name',
        'o.city',
        'o.name as owner_name',
        'r.name as body_name',
        'w.state',
        'w.batchKey',
        'a.createdAt',
        ...(withScores
          ? [
              context('aggregate', 'number'),
              context('spread', 'number'),
              context('round', 'number'),
            ]
          : []),
      ])
      .join('a.ownerOrganization', 'o')
      .join('a.recommenderOrganization', 'r')
      .join('a.domain', 'd')
      .join('a.workflow', 'w')
      .orderBy({ 'a.createdAt': 'asc', 'a.id': 'asc' });
    if (filters.city) qb.andWhere({ 'o.city': filters.city });
    if (filters.domain) qb.andWhere({ 'a.domain': filters.domain });
    if (filters.category) qb.andWhere({ 'a.category': filters.category });
    if (filters.period) {
      qb.andWhere({ 'w.batchKey': { $in: parsePeriod(filters.period).months } });
    }
    if (after) {
      const at = new Date(after.created_at);
      // The leading range lets the (createdAt, id) index bound the scan.
      qb.andWhere({
        'a.createdAt': { $gte: at },
        $or: [{ 'a.createdAt': { $gt: at } }, { 'a.id': { $gt: after.id } }],
      });
    }
    return qb.limit(limit).execute<ItemRow[]>('all', false);
  }

  /** The audit trail of every workflow, in order; the period bounds the event time. */
  @GenerateSql(
    { name: 'first page', params: [null, null, 1000] },
    { name: 'a year, next page', params: [YEAR, { id: 1000 }, 1000] },
  )
  auditPage(
    period: StatsPeriod | null,
    after: Pick<AuditRow, 'id'> | null,
    limit: number,
  ): Promise<AuditRow[]> {
    const qb = (this.em.fork() as SqlEntityManager)
      .createQueryBuilder(AuditEvent, 'e')
      .select([
        'e.id',
        'i.definition',
        'i.id as instance_id',
        'e.seq',
        'e.eventType',
        'e.fromState',
        'e.toState',
        'e.actorId',
        'e.actorRole',
        'e.at',
        'e.comment',
        'e.hash',
      ])
      .join('e.instance', 'i')
      .orderBy({ 'e.id': 'asc' });
    if (period) qb.andWhere({ 'e.at': { $gte: period.from, $lt: period.to } });
    if (after) qb.andWhere({ 'e.id': { $gt: after.id } });
    return qb.limit(limit).execute<AuditRow[]>('all', false);
  }

  /** Every expert seat: who, which item, when due, when scored, how it ended. */
  @GenerateSql(
    { name: 'first page', params: [null, null, 1000] },
    { name: 'a year, next page', params: [YEAR, SEAT_AFTER, 1000] },
  )
  seatsPage(
    period: StatsPeriod | null,
    after: Pick<SeatRow, 'id' | 'assigned_at'> | null,
    limit: number,
  ): Promise<SeatRow[]> {
    const qb = (this.em.fork() as SqlEntityManager)
      .createQueryBuilder(ExpertAssignment, 's')
      .select([
        's.id',
        'u.displayName',
        'u.username',
        'a.id as achievement_id',
        'a.title',
        's.round',
        's.status',
        's.source',
        's.assignedAt',
        's.dueAt',
        's.submittedAt',
        's.weighted',
        's.endReason',
      ])
      .join('s.expert', 'u')
      .join('s.achievement', 'a')
      .orderBy({ 's.assignedAt': 'asc', 's.id': 'asc' });
    if (period) qb.andWhere({ 's.assignedAt': { $gte: period.from, $lt: period.to } });
    if (after) {
      const at = new Date(after.assigned_at);
      // The leading range lets the (assignedAt, id) index bound the scan.
      qb.andWhere({
        's.assignedAt': { $gte: at },
        $or: [{ 's.assignedAt': { $gt: at } }, { 's.id': { $gt: after.id } }],
      });
    }
    return qb.limit(limit).execute<SeatRow[]>('all', false);
  }
}
