import { editionCoverage, editionCoverageShort } from '../releases/edition-document';
import { monthlyPeriod, quarterlyPeriod } from '../releases/release-calendar';
import {
  formatChineseDate,
  formatChineseDeadline,
  formatDate,
  formatDateTime,
  formatDeadline,
  formatInterval,
  formatQuarter,
  formatTimestamp,
  shanghaiDay,
} from './shanghai-time';

describe('the Asia/Shanghai formatter', () => {
  it('puts an instant late in the UTC day on the next Shanghai day', () => {
    const at = new Date('2026-11-30T16:30:00Z');
    expect(formatDateTime(at)).toBe('2026/12/01 00:30');
    expect(formatDate(at)).toBe('2026/12/01');
    expect(formatTimestamp(at)).toBe('2026-12-01 00:30:00');
    expect(formatChineseDate(at)).toBe('2026年12月1日');
    expect(shanghaiDay(at)).toBe('2026-12-01');
    expect(formatDateTime('2026-11-30T16:30:00.000Z')).toBe('2026/12/01 00:30');
  });

  it('keeps the last minutes of a Shanghai day on that day', () => {
    const at = new Date('2026-11-30T15:59:59Z');
    expect(formatDateTime(at)).toBe('2026/11/30 23:59');
    expect(shanghaiDay(at)).toBe('2026-11-30');
    expect(formatTimestamp(at)).toBe('2026-11-30 23:59:59');
  });

  it('crosses the year at Shanghai midnight, not UTC midnight', () => {
    expect(formatDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027/01/01');
    expect(formatDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026/12/31');
  });

  it('reads a close at Shanghai midnight as 24:00 of the day before', () => {
    const close = new Date('2026-11-10T16:00:00Z'); // 2026-11-11 00:00 in Shanghai
    expect(formatDeadline(close)).toBe('2026/11/10 24:00');
    expect(formatChineseDeadline(close)).toBe('2026年11月10日 24:00');
    expect(formatDeadline(new Date('2026-11-10T16:00:01Z'))).toBe('2026/11/11 00:00');
  });

  it('shows a half-open interval with its last day, both ends inclusive', () => {
    const december = monthlyPeriod(2026, 12);
    expect(formatInterval(december.periodStart, december.periodEnd)).toBe(
      '2026/12/01 至 2026/12/31',
    );
    expect(editionCoverage('monthly', december.periodStart, december.periodEnd)).toBe(
      '统计区间:2026年12月1日至2026年12月31日',
    );
  });

  it('says in words which quarter a quarterly edition publishes', () => {
    const q4 = quarterlyPeriod(2026, 4); // the event held in Q4 carries Q3's results
    expect(formatQuarter(q4.periodStart)).toBe('2026年第三季度');
    expect(editionCoverage('quarterly', q4.periodStart, q4.periodEnd)).toBe(
      '发布2026年第三季度成果(2026年7月1日至2026年9月30日)',
    );
    expect(editionCoverageShort('quarterly', q4.periodStart, q4.periodEnd)).toBe(
      '发布2026年第三季度成果 · 统计区间 2026/07/01 至 2026/09/30',
    );
    const q1 = quarterlyPeriod(2027, 1);
    expect(formatQuarter(q1.periodStart)).toBe('2026年第四季度');
  });

  it('shows nothing as a dash', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
    expect(formatTimestamp(null)).toBeNull();
  });
});
