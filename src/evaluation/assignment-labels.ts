import type { AssignmentSource, AssignmentStatus } from './expert-assignment.entity';

/**
 * The words for an expert seat's status and source, as the seats export shows them. Kept by
 * evaluation, which owns the codes, so the generic audit trail in src/workflow does not import a
 * feature for them.
 */
export const SEAT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  active: '评审中',
  submitted: '已评分',
  recused: '已回避',
  lapsed: '逾期未评',
  conflict: '利益冲突撤出',
  removed: '已撤出',
};

export const SEAT_SOURCE_LABELS: Record<AssignmentSource, string> = {
  auto: '系统抽取',
  office: '省办指定',
  replacement: '替补',
};
