import type { Cell, ExportTable } from '../../exports/table-writers';
import { eventLabel, formatDateTime, roleLabel, stateLabel } from '../shared/web-labels';
import type { AuditRow } from './audit-search.repository';

export const AUDIT_EXPORT_COLUMNS = [
  '时间',
  '成果编号',
  '成果名称',
  '序号',
  '操作人',
  '角色',
  '操作',
  '原状态',
  '新状态',
  '意见',
];

/** A row as a person reads it: labels, names and Beijing time, no codes. */
export function auditCells(r: AuditRow): Cell[] {
  return [
    formatDateTime(r.at),
    r.instanceId.slice(0, 8),
    r.title ?? '—',
    r.seq,
    r.actorName,
    roleLabel(r.actorRole),
    eventLabel(r.eventType, r.workflow),
    r.fromState ? stateLabel(r.fromState, r.workflow) : '—',
    stateLabel(r.toState, r.workflow),
    r.comment ?? '',
  ];
}

/** The search result as an export table for the shared CSV and XLSX writers. */
export function auditExportTable(pages: AsyncIterable<AuditRow[]>): ExportTable {
  return {
    name: 'audit-search',
    title: '审计查询结果',
    columns: AUDIT_EXPORT_COLUMNS,
    pages: (async function* () {
      for await (const page of pages) yield page.map(auditCells);
    })(),
  };
}
