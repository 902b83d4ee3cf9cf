/**
 * Statistical periods: a month (2026-11), a quarter (2026-Q4) or a year (2026), bounded at
 * midnight Asia/Shanghai. China has no daylight saving time, so a fixed +8h offset is exact.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export const STATS_PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface StatsPeriod {
  key: string;
  kind: PeriodKind;
  /** Inclusive start instant (00:00 Shanghai on the first day). */
  from: Date;
  /** Exclusive end instant (00:00 Shanghai on the first day after). */
  to: Date;
  /** The calendar months (YYYY-MM) the period covers. */
  months: string[];
}

function shanghaiMidnight(year: number, monthIndex: number): Date {
  return new Date(Date.UTC(year, monthIndex, 1) - SHANGHAI_OFFSET_MS);
}

function monthKey(year: number, monthIndex: number): string {
  const d = new Date(Date.UTC(year, monthIndex, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Parses a period key; callers validate the format first (STATS_PERIOD_PATTERN). */
export function parsePeriod(key: string): StatsPeriod {
  if (!STATS_PERIOD_PATTERN.test(key)) throw new Error(`not a statistics period: ${key}`);
  const year = Number(key.slice(0, 4));
  let first: number;
  let count: number;
  let kind: PeriodKind;
  if (key.length === 4) {
    [first, count, kind] = [0, 12, 'year'];
  } else if (key[5] === 'Q') {
    [first, count, kind] = [(Number(key[6]) - 1) * 3, 3, 'quarter'];
  } else {
    [first, count, kind] = [Number(key.slice(5, 7)) - 1, 1, 'month'];
  }
  return {
    key,
    kind,
    from: shanghaiMidnight(year, first),
    to: shanghaiMidnight(year, first + count),
    months: Array.from({ length: count }, (_, i) => monthKey(year, first + i)),
  };
}

/** The Shanghai calendar date parts of an instant. */
export function shanghaiParts(at: Date): { year: number; month: number; day: number } {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
  };
}

/** The month (YYYY-MM, Shanghai) an instant falls in. */
export function monthOf(at: Date): string {
  const { year, month } = shanghaiParts(at);
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function quarterOf(at: Date): string {
  const { year, month } = shanghaiParts(at);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** The period of the same kind just before `period`. */
export function previousPeriodKey(key: string): string {
  const p = parsePeriod(key);
  const year = Number(key.slice(0, 4));
  if (p.kind === 'year') return String(year - 1);
  if (p.kind === 'quarter') {
    const q = Number(key[6]);
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  const m = Number(key.slice(5, 7));
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The quarters and years that have ended at `now` and started no earlier than `since`, oldest
 * first: what a report cycle owes after downtime.
 */
export function completedReportPeriods(since: Date, now: Date): string[] {
  const out: string[] = [];
  const start = shanghaiParts(since).year;
  const end = shanghaiParts(now).year;
  for (let year = start; year <= end; year++) {
    for (let q = 1; q <= 4; q++) {
      const p = parsePeriod(`${year}-Q${q}`);
      if (p.to.getTime() <= now.getTime() && p.to.getTime() > since.getTime()) out.push(p.key);
    }
    const y = parsePeriod(String(year));
    if (y.to.getTime() <= now.getTime() && y.to.getTime() > since.getTime()) out.push(y.key);
  }
  return out;
}

export function periodLabel(key: string): string {
  const p = parsePeriod(key);
  const year = key.slice(0, 4);
  if (p.kind === 'year') return `${year}年`;
  if (p.kind === 'quarter') return `${year}年第${'一二三四'[Number(key[6]) - 1]}季度`;
  return `${year}年${Number(key.slice(5, 7))}月`;
}
