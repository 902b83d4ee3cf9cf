import { periodOf, periodsAround, quarterlyPeriod } from './release-calendar';

describe('release calendar (Asia/Shanghai)', () => {
  it('drafts the monthly report on the 20th at midnight Shanghai, covering the month', () => {
    const p = periodOf('monthly', '2026-11')!;
    expect(p).toMatchObject({
      cycleKey: 'monthly:2026-11',
      year: 2026,
      sequence: 11,
      number: '2026年第11期',
    });
    expect(p.draftAt.toISOString()).toBe('2026-11-19T16:00:00.000Z');
    expect(p.periodStart.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.periodEnd.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('drafts the first quarter event on 1 January with the previous year’s last quarter', () => {
    const p = quarterlyPeriod(2026, 1);
    expect(p.draftAt.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(p.periodStart.toISOString()).toBe('2025-09-30T16:00:00.000Z');
    expect(p.periodEnd.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('drafts the annual list on 1 December', () => {
    expect(periodOf('annual', '2026')!.draftAt.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('rejects periods that do not fit the kind', () => {
    expect(periodOf('monthly', '2026-13')).toBeNull();
    expect(periodOf('quarterly', '2026-11')).toBeNull();
    expect(periodOf('annual', '2026-Q1')).toBeNull();
  });

  it('lays the current and next period of each kind, by the Shanghai calendar', () => {
    // 31 Dec 2026 20:00 UTC is already 1 January 2027 in Shanghai.
    const keys = periodsAround(new Date('2026-12-31T20:00:00Z')).map((p) => p.cycleKey);
    expect(keys).toEqual([
      'monthly:2027-01',
      'monthly:2027-02',
      'quarterly:2027-Q1',
      'quarterly:2027-Q2',
      'annual:2027',
      'annual:2028',
    ]);
  });
});
