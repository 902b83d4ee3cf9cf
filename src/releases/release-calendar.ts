import type { EditionKind } from './release-edition.entity';

/**
 * When each edition is drafted and what it covers, in Asia/Shanghai (UTC+8, no DST).
 *
 * - Monthly: the month's collection closes on the 10th and eligibility, scoring and on-site
 *   verification follow, so the report is drafted on the 20th at 00:00 from what is in the
 *   library by then. It covers that calendar month and is numbered by it ("2026年第11期").
 * - Quarterly: drafted at the start of a quarter, for the release event held in it, with the
 *   items that entered the library in the quarter before ("2026年第1季度").
 * - Annual: drafted on 1 December, covering the calendar year ("2026年度").
 */
export const MONTHLY_DRAFT_DAY = 20;
export const ANNUAL_DRAFT_MONTH = 12;

const OFFSET_MS = 8 * 3600 * 1000;

export interface EditionPeriod {
  kind: EditionKind;
  cycleKey: string;
  year: number;
  sequence: number;
  number: string;
  periodStart: Date;
  periodEnd: Date;
  draftAt: Date;
}

/** 00:00 Asia/Shanghai of a calendar day (month may overflow into the next year). */
export function shanghaiMidnight(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);
}

/** Year and month (1–12) of an instant in Asia/Shanghai. */
export function shanghaiYearMonth(at: Date): { year: number; month: number } {
  const local = new Date(at.getTime() + OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}

export function monthlyPeriod(year: number, month: number): EditionPeriod {
  return {
    kind: 'monthly',
    cycleKey: `monthly:${year}-${String(month).padStart(2, '0')}`,
    year,
    sequence: month,
    number: `${year}年第${month}期`,
    periodStart: shanghaiMidnight(year, month),
    periodEnd: shanghaiMidnight(year, month + 1),
    draftAt: shanghaiMidnight(year, month, MONTHLY_DRAFT_DAY),
  };
}

export function quarterlyPeriod(year: number, quarter: number): EditionPeriod {
  const firstMonth = (quarter - 1) * 3 + 1;
  return {
    kind: 'quarterly',
    cycleKey: `quarterly:${year}-Q${quarter}`,
    year,
    sequence: quarter,
    number: `${year}年第${quarter}季度`,
    // The quarter before the event: Date.UTC rolls month -2 back into the previous year.
    periodStart: shanghaiMidnight(year, firstMonth - 3),
    periodEnd: shanghaiMidnight(year, firstMonth),
    draftAt: shanghaiMidnight(year, firstMonth),
  };
}

export function annualPeriod(year: number): EditionPeriod {
  return {
    kind: 'annual',
    cycleKey: `annual:${year}`,
    year,
    sequence: 1,
    number: `${year}年度`,
    periodStart: shanghaiMidnight(year, 1),
    periodEnd: shanghaiMidnight(year + 1, 1),
    draftAt: shanghaiMidnight(year, ANNUAL_DRAFT_MONTH),
  };
}

const MONTHLY_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTERLY_KEY = /^(\d{4})-Q([1-4])$/;
const ANNUAL_KEY = /^(\d{4})$/;

/** Parses the period part of a key ("2026-11", "2026-Q4", "2026"); null if it does not fit the kind. */
export function periodOf(kind: EditionKind, period: string): EditionPeriod | null {
  const pattern = { monthly: MONTHLY_KEY, quarterly: QUARTERLY_KEY, annual: ANNUAL_KEY }[kind];
  const m = pattern.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  if (kind === 'monthly') return monthlyPeriod(year, Number(m[2]));
  if (kind === 'quarterly') return quarterlyPeriod(year, Number(m[2]));
  return annualPeriod(year);
}

/**
 * The editions whose drafting timers should exist at `now`: for each kind the current period and
 * the next. Laying the next one in advance means an outage across a boundary still finds its
 * timer waiting, and the catch-up at start-up fires it.
 */
export function periodsAround(now: Date): EditionPeriod[] {
  const { year, month } = shanghaiYearMonth(now);
  const quarter = Math.ceil(month / 3);
  const nextMonth = month === 12 ? [year + 1, 1] : [year, month + 1];
  const nextQuarter = quarter === 4 ? [year + 1, 1] : [year, quarter + 1];
  return [
    monthlyPeriod(year, month),
    monthlyPeriod(nextMonth[0], nextMonth[1]),
    quarterlyPeriod(year, quarter),
    quarterlyPeriod(nextQuarter[0], nextQuarter[1]),
    annualPeriod(year),
    annualPeriod(year + 1),
  ];
}
