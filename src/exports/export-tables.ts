import type { AchievementState } from '../../workflows/achievement.machine';
import { STATE_LABELS } from '../achievements/achievement-labels';
import { formatTimestamp } from '../common/shanghai-time';
import { SEAT_SOURCE_LABELS, SEAT_STATUS_LABELS } from '../evaluation/assignment-labels';
import { CATEGORY_LABELS } from '../reference/achievement-category';
import {
  actorRoleLabel,
  auditEventLabel,
  auditStateLabel,
  workflowLabel,
} from '../workflow/audit-labels';
import type { AuditRow, ItemRow, RawTime, SeatRow } from './exports.repository';
import type { Cell, ExportTable } from './table-writers';

/** Shanghai wall-clock time, as the office reads it: 2026-11-05 10:00:00. */
export function shanghaiTime(at: Date | null): string | null {
  return formatTimestamp(at);
}

const time = (raw: RawTime | null): string | null =>
  raw === null ? null : shanghaiTime(new Date(raw));

/**
 * Streams a query's rows a page at a time: each page is the next `size` rows after the previous
 * page's last row, which `after` turns into a keyset condition. Rows are the driver's plain
 * objects (no entities, no identity map), so an export of any size holds one page.
 */
export async function* keysetPages<R>(
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

/** The item list: state in words; the office's copy also has the panel's scores. */
export function itemsTable(pages: AsyncIterable<ItemRow[]>, withScores: boolean): ExportTable {
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
  return { name: 'items', title: '成果清单', columns, pages: mapPages(pages, row) };
}

/** The audit trail, events and states in words. */
export function auditTable(pages: AsyncIterable<AuditRow[]>): ExportTable {
  const row = (e: AuditRow): Cell[] => [
    Number(e.id),
    workflowLabel(e.definition),
    e.instance_id,
    e.seq,
    auditEventLabel(e.event_type, e.definition),
    e.from_state === null ? null : auditStateLabel(e.from_state, e.definition),
    auditStateLabel(e.to_state, e.definition),
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
    pages: mapPages(pages, row),
  };
}

/** The expert seats, with whether each score came in on time. */
export function expertRecordsTable(pages: AsyncIterable<SeatRow[]>): ExportTable {
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
    pages: mapPages(pages, row),
  };
}
