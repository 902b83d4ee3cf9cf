import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { CATEGORY_LABELS } from '../achievements/achievement-category';
import { Achievement } from '../achievements/achievement.entity';
import { STATE_LABELS } from '../achievements/achievement-labels';
import type { AchievementState } from '../../workflows/achievement.machine';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { ExpertAssignment } from '../evaluation/expert-assignment.entity';
import { StatsService, type StatsFilters } from '../stats/stats.service';
import { parsePeriod } from '../stats/stats-period';
import { AuditEvent } from '../workflow/audit-event.entity';
import type { Cell, ExportTable } from './table-writers';

/** Rows per query: small enough to bound memory, large enough that 100,000 rows take 100 queries. */
export const EXPORT_PAGE_SIZE = 1000;

/** Shanghai wall-clock time, as the office reads it: 2026-11-05 10:00:00. */
export function shanghaiTime(at: Date | null): string | null {
  if (!at) return null;
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

type Filters = Partial<StatsFilters>;

/**
 * The office's tables as keyset-paged queries: each page is a fresh query after the last key of
 * the previous one, in a fresh entity manager, so an export of any size holds one page at a time.
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
    const where: FilterQuery<Achievement> = {};
    if (filters.city) where.ownerOrganization = { city: filters.city };
    if (filters.domain) where.domain = filters.domain;
    if (filters.category) where.category = filters.category;
    if (filters.period) where.workflow = { batchKey: { $in: parsePeriod(filters.period).months } };
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
    const em = this.em;
    const size = this.pageSize;
    async function* pages(): AsyncIterable<Cell[][]> {
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const page: Achievement[] = await em.fork().find(
          Achievement,
          after
            ? {
                $and: [
                  where,
                  // The leading range lets the (createdAt, id) index bound the scan.
                  { createdAt: { $gte: after.createdAt } },
                  {
                    $or: [{ createdAt: { $gt: after.createdAt } }, { id: { $gt: after.id } }],
                  },
                ],
              }
            : where,
          {
            populate: ['ownerOrganization', 'recommenderOrganization', 'domain', 'workflow'],
            orderBy: { createdAt: 'asc', id: 'asc' },
            limit: size,
          },
        );
        if (page.length === 0) return;
        yield page.map((a) => {
          const context = (a.workflow.snapshot.context ?? {}) as {
            aggregate?: number | null;
            spread?: number | null;
            round?: number;
          };
          return [
            a.id,
            a.title,
            CATEGORY_LABELS[a.category],
            a.domain.name,
            a.ownerOrganization.city,
            a.ownerOrganization.name,
            a.recommenderOrganization.name,
            STATE_LABELS[a.workflow.state as AchievementState] ?? a.workflow.state,
            a.workflow.batchKey,
            shanghaiTime(a.createdAt),
            ...(withScores
              ? [context.aggregate ?? null, context.spread ?? null, context.round ?? null]
              : []),
          ];
        });
        if (page.length < size) return;
        const last = page[page.length - 1];
        after = { createdAt: last.createdAt, id: last.id };
      }
    }
    return { name: 'items', title: '成果清单', columns, pages: pages() };
  }

  /** The audit trail of every workflow, in order; the period bounds the event time. */
  audit(query: Filters): ExportTable {
    const where: FilterQuery<AuditEvent> = {};
    if (query.period) {
      const p = parsePeriod(query.period);
      where.at = { $gte: p.from, $lt: p.to };
    }
    const em = this.em;
    const size = this.pageSize;
    async function* pages(): AsyncIterable<Cell[][]> {
      let after: string | null = null;
      for (;;) {
        const page: AuditEvent[] = await em
          .fork()
          .find(AuditEvent, after ? { $and: [where, { id: { $gt: after } }] } : where, {
            orderBy: { id: 'asc' },
            limit: size,
            populate: ['instance'],
          });
        if (page.length === 0) return;
        yield page.map((e) => [
          Number(e.id),
          e.instance.definition,
          e.instance.id,
          e.seq,
          e.eventType,
          e.fromState,
          e.toState,
          e.actorId,
          e.actorRole,
          shanghaiTime(e.at),
          e.comment,
          e.hash,
        ]);
        if (page.length < size) return;
        after = page[page.length - 1].id;
      }
    }
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
      pages: pages(),
    };
  }

  /** Every expert seat: who, which item, when due, when scored, how it ended. */
  expertRecords(query: Filters): ExportTable {
    const where: FilterQuery<ExpertAssignment> = {};
    if (query.period) {
      const p = parsePeriod(query.period);
      where.assignedAt = { $gte: p.from, $lt: p.to };
    }
    const em = this.em;
    const size = this.pageSize;
    async function* pages(): AsyncIterable<Cell[][]> {
      let after: { assignedAt: Date; id: string } | null = null;
      for (;;) {
        const page: ExpertAssignment[] = await em.fork().find(
          ExpertAssignment,
          after
            ? {
                $and: [
                  where,
                  // The leading range lets the (assignedAt, id) index bound the scan.
                  { assignedAt: { $gte: after.assignedAt } },
                  {
                    $or: [{ assignedAt: { $gt: after.assignedAt } }, { id: { $gt: after.id } }],
                  },
                ],
              }
            : where,
          {
            populate: ['expert', 'achievement'],
            orderBy: { assignedAt: 'asc', id: 'asc' },
            limit: size,
          },
        );
        if (page.length === 0) return;
        yield page.map((s) => [
          s.expert.displayName,
          s.expert.username,
          s.achievement.id,
          s.achievement.title,
          s.round,
          s.status,
          s.source,
          shanghaiTime(s.assignedAt),
          shanghaiTime(s.dueAt),
          shanghaiTime(s.submittedAt),
          s.submittedAt ? (s.submittedAt <= s.dueAt ? '是' : '否') : null,
          s.weighted,
          s.endReason,
        ]);
        if (page.length < size) return;
        const last = page[page.length - 1];
        after = { assignedAt: last.assignedAt, id: last.id };
      }
    }
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
      pages: pages(),
    };
  }
}
