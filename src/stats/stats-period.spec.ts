import {
  completedReportPeriods,
  monthOf,
  parsePeriod,
  periodLabel,
  previousPeriodKey,
  quarterOf,
} from './stats-period';

describe('statistics periods (Asia/Shanghai)', () => {
  it('bounds a month, a quarter and a year at Shanghai midnight', () => {
    expect(parsePeriod('2026-12')).toMatchObject({
      kind: 'month',
      from: new Date('2026-11-30T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
      months: ['2026-12'],
    });
    expect(parsePeriod('2026-Q4')).toMatchObject({
      kind: 'quarter',
      from: new Date('2026-09-30T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
      months: ['2026-10', '2026-11', '2026-12'],
    });
    const year = parsePeriod('2026');
    expect(year.from).toEqual(new Date('2025-12-31T16:00:00Z'));
    expect(year.months).toHaveLength(12);
    expect(() => parsePeriod('2026-13')).toThrow();
  });

  it('places an instant in its Shanghai month and quarter', () => {
    expect(monthOf(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(quarterOf(new Date('2026-09-30T16:00:00Z'))).toBe('2026-Q4');
  });

  it('steps back and labels periods', () => {
    expect(previousPeriodKey('2026-Q1')).toBe('2025-Q4');
    expect(previousPeriodKey('2026-01')).toBe('2025-12');
    expect(previousPeriodKey('2026')).toBe('2025');
    expect(periodLabel('2026-Q3')).toBe('2026年第三季度');
    expect(periodLabel('2026-04')).toBe('2026年4月');
  });

  it('lists the quarters and years ended since a start, oldest first', () => {
    expect(
      completedReportPeriods(
        new Date('2025-11-05T00:00:00Z'),
        new Date('2026-07-01T00:00:00+08:00'),
      ),
    ).toEqual(['2025-Q4', '2025', '2026-Q1', '2026-Q2']);
    expect(
      completedReportPeriods(
        new Date('2026-11-05T00:00:00Z'),
        new Date('2026-12-31T23:59:00+08:00'),
      ),
    ).toEqual([]);
  });
});
