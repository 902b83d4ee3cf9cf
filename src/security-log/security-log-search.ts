import type { FieldErrors } from '../common/domain-errors';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from './security-event-kinds';
import type { SecuritySearch } from './security-log.repository';

/** The filters as typed (query string of the API and of the console's form). */
export interface SecurityFilters {
  kind?: string;
  username?: string;
  actor?: string;
  ip?: string;
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IP = /^[0-9a-fA-F.:]{2,64}$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const NAME = /^[^\u0000-\u001f\u007f]{1,64}$/;

function one(value: unknown, max = 100): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;
}

/**
 * The filters and the search they mean, with a message per bad field. Dates are whole days in
 * Beijing time (from 00:00 of `from` to the end of `to`).
 */
export function parseSecurityFilters(raw: Record<string, unknown>): {
  filters: SecurityFilters;
  search: SecuritySearch;
  errors: FieldErrors;
} {
  const filters: SecurityFilters = {
    kind: one(raw.kind),
    username: one(raw.username),
    actor: one(raw.actor),
    ip: one(raw.ip),
    from: one(raw.from),
    to: one(raw.to),
  };
  const errors: FieldErrors = {};
  const search: SecuritySearch = {};
  if (filters.kind) {
    if (SECURITY_EVENT_KINDS.includes(filters.kind as SecurityEventKind)) {
      search.kind = filters.kind as SecurityEventKind;
    } else {
      errors.kind = ['事件类型不存在'];
    }
  }
  if (filters.username) {
    if (NAME.test(filters.username)) search.username = filters.username;
    else errors.username = ['用户名格式不正确'];
  }
  if (filters.actor) {
    if (NAME.test(filters.actor)) search.actor = filters.actor;
    else errors.actor = ['操作人格式不正确'];
  }
  if (filters.ip) {
    if (IP.test(filters.ip)) search.clientIp = filters.ip;
    else errors.ip = ['IP 地址格式不正确'];
  }
  if (filters.from) {
    if (DATE.test(filters.from)) search.from = new Date(`${filters.from}T00:00:00+08:00`);
    if (!search.from || isNaN(search.from.getTime())) {
      delete search.from;
      errors.from = ['起始日期格式不正确'];
    }
  }
  if (filters.to) {
    if (DATE.test(filters.to)) search.to = new Date(`${filters.to}T23:59:59.999+08:00`);
    if (!search.to || isNaN(search.to.getTime())) {
      delete search.to;
      errors.to = ['截止日期格式不正确'];
    }
  }
  if (search.from && search.to && search.from > search.to) {
    errors.to = ['截止日期不能早于起始日期'];
  }
  return { filters, search, errors };
}

/** A page cursor (the last seq of the previous page), or undefined when absent or malformed. */
export function parseCursor(raw: unknown): number | undefined {
  return typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
}
