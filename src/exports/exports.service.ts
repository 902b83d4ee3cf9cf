import { SEAT_SOURCE_LABELS, SEAT_STATUS_LABELS } from '../evaluation/assignment-labels';
import { Injectable } from '@nestjs/common';
import { EntityManager, RawQueryFragment } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { CATEGORY_LABELS, type Category } from '../reference/achievement-category';
import { Achievement } from '../achievements/achievement.entity';
import { STATE_LABELS } from '../achievements/achievement-labels';
import type { AchievementState } from '../../workflows/achievement.machine';
import { hasRole, type AuthUser } from '../access/auth-user';
import { ExpertAssignment } from '../evaluation/expert-assignment.entity';
import { StatsService } from '../stats/stats.service';
import { type StatsFilters } from '../stats/stats.types';
import { parsePeriod } from '../stats/stats-period';
import { AuditEvent } from '../workflow/audit-event.entity';
import {
  actorRoleLabel,
  auditEventLabel,
  auditStateLabel,
  workflowLabel,
} from '../workflow/audit-labels';
import { formatTimestamp } from '../common/shanghai-time';
import type { Cell, ExportTable } from './table-writers';

/** Rows per query: small enough to bound memory, large enough that 100,000 rows take 100 queries. */
export const EXPORT_PAGE_SIZE = 1000;

/** Shanghai wall-clock time, as the office reads it: 2026-11-05 10:00:00. */
export function shanghaiTime(at: Date | null): string | null {
  return formatTimestamp(at);
}

/** A datetime column as the driver returns it: epoch milliseconds on SQLite, a Date on PostgreSQL. */
type RawTime = number | string | Date;
const time = (raw: RawTime | null): string | null =>
  raw === null ? null : shanghaiTime(new Date(raw));

type Filters = Partial<StatsFilters>;

/**
 * Streams a query's rows a page at a time: each page is the next `size` rows after the previous
 * page's last row, which `after` turns into a keyset condition. Rows are the driver's plain
 * objects (no entities, no identity map), so an export of any size holds one page.
 */
async function* keysetPages<R>(
  size: number,
  fetch: (after: R | null, limit: number) => Promise<R[]>,
): AsyncIterable<R[]> {
  let after: R | null = null;
  for (;;) {
    const page: R[] = await fetch(after, size);
    if (page.length > 0) yield page;
    if (page.length < size) return;
    after = page[page.length - 1];
  }
}

async function* mapPages<R>(pages: AsyncIterable<R[]>, row: (r: R) => Cell[]) {
  for await (const page of pages) yield page.map(row);
}

interface ItemRow {
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

interface AuditRow {
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

interface SeatRow {
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

/**
 * The office's tables as keyset-paged queries that select plain columns: hydrating entities (and
 * every workflow snapshot) cost most of the time and memory of a large export.
 */
@Injectable()
export class ExportsService {
  /** Rows per page; tests shrink it to cross page boundaries with a handful of rows. */
  pageSize = EXPORT_PAGE_SIZE;

  constructor(
    private readonly em: EntityManager,
    private readonly stats: StatsService,
  ) {}

  /** Items with their state; the office also gets the panel's aggregate score and spread. */
  async items(user: AuthUser, query: Filters): Promise<ExportTable> {
    const filters = await this.stats.scope(user, query);
    const withScores = hasRole(user, 'officeStaff', 'admin');
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
    const fetch = (after: ItemRow | null, limit: number) => {
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
    };
    const columns = [
      '成果ID',
      '成果名称',
      '类别',
      '领域',
      '城市',
      '申报单位',
      '征集单位',
      '状态',
      '批次',
      '创建时间',
      ...(withScores ? ['评审得分', '评分极差', '评审轮次'] : []),
    ];
    const row = (r: ItemRow): Cell[] => [
      r.id,
      r.title,
      CATEGORY_LABELS[r.category],
      r.domain_name,
      r.city,
      r.owner_name,
      r.body_name,
      STATE_LABELS[r.state as AchievementState] ?? r.state,
      r.batch_key,
      time(r.created_at),
      ...(withScores
        ? [r.score_aggregate ?? null, r.score_spread ?? null, r.score_round ?? null]
        : []),
    ];
    return {
      name: 'items',
      title: '成果清单',
      columns,
      pages: mapPages(keysetPages(this.pageSize, fetch), row),
    };
  }

  /** The audit trail of every workflow, in order; the period bounds the event time. */
  audit(query: Filters): ExportTable {
    const em = this.em.fork() as SqlEntityManager;
    const period = query.period ? parsePeriod(query.period) : null;
    const fetch = (after: AuditRow | null, limit: number) => {
      const qb = em
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
    };
    const row = (e: AuditRow): Cell[] => [
      Number(e.id),
      workflowLabel(e.definition),
      e.instance_id,
      e.seq,
      auditEventLabel(e.event_type),
      e.from_state === null ? null : auditStateLabel(e.from_state),
      auditStateLabel(e.to_state),
      e.actor_id,
      actorRoleLabel(e.actor_role),
      time(e.at),
      e.comment,
      e.hash,
    ];
    return {
      name: 'audit',
      title: '审计记录',
      columns: [
        '序号',
        '流程',
        '实例ID',
        '步骤',
        '事件',
        '原状态',
        '新状态',
        '操作人ID',
        '角色',
        '时间',
        '意见',
        '哈希',
      ],
      pages: mapPages(keysetPages(this.pageSize, fetch), row),
    };
  }

  /** Every expert seat: who, which item, when due, when scored, how it ended. */
  expertRecords(query: Filters): ExportTable {
    const em = this.em.fork() as SqlEntityManager;
    const period = query.period ? parsePeriod(query.period) : null;
    const fetch = (after: SeatRow | null, limit: number) => {
      const qb = em
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
    };
    const row = (s: SeatRow): Cell[] => {
      const submitted = s.submitted_at === null ? null : new Date(s.submitted_at);
      return [
        s.display_name,
        s.username,
        s.achievement_id,
        s.title,
        s.round,
        SEAT_STATUS_LABELS[s.status as keyof typeof SEAT_STATUS_LABELS] ?? s.status,
        SEAT_SOURCE_LABELS[s.source as keyof typeof SEAT_SOURCE_LABELS] ?? s.source,
        time(s.assigned_at),
        time(s.due_at),
        shanghaiTime(submitted),
        submitted ? (submitted <= new Date(s.due_at) ? '是' : '否') : null,
        s.weighted,
        s.end_reason,
      ];
    };
    return {
      name: 'expert-records',
      title: '专家评审记录',
      columns: [
        '专家',
        '用户名',
        '成果ID',
        '成果名称',
        '轮次',
        '状态',
        '来源',
        '指派时间',
        '截止时间',
        '提交时间',
        '按时',
        '加权分',
        '结束原因',
      ],
      pages: mapPages(keysetPages(this.pageSize, fetch), row),
    };
  }
}
