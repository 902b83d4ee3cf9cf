import { InvalidInputError } from '../common/domain-errors';

/**
 * Collection periods are calendar months in Asia/Shanghai. A period opens on the 1st and closes
 * at the end of its close day (default the 10th); anything recommended after that joins the next
 * month's period. China has no daylight saving time, so a fixed +8h offset is exact.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

function formatPeriod(year: number, monthIndex: number): string {
  const d = new Date(Date.UTC(year, monthIndex, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The period an item recommended at `at` belongs to. */
export function periodFor(at: Date, closeDay: number): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  return formatPeriod(year, local.getUTCDate() <= closeDay ? month : month + 1);
}

/** The instant a period's collection closes: 24:00 Shanghai time on its close day. */
export function closesAt(period: string, closeDay: number): Date {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, closeDay + 1) - SHANGHAI_OFFSET_MS);
}

/** Refuses anything but a month written YYYY-MM (400 on `period`). */
export function assertPeriod(period: string): void {
  if (!PERIOD_PATTERN.test(period))
    throw InvalidInputError.field('period', '必须是 YYYY-MM 格式的月份');
}
