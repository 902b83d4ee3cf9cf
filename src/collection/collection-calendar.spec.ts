import { closesAt, periodFor } from './collection-calendar';

describe('collection calendar', () => {
  it('puts the 1st to the 10th (Shanghai time) into the same month', () => {
    expect(periodFor(new Date('2026-11-01T00:00:00+08:00'), 10)).toBe('2026-11');
    expect(periodFor(new Date('2026-11-10T23:59:59+08:00'), 10)).toBe('2026-11');
  });

  it('puts anything after the close into the next month, across the year end', () => {
    expect(periodFor(new Date('2026-11-11T00:00:00+08:00'), 10)).toBe('2026-12');
    expect(periodFor(new Date('2026-12-20T12:00:00+08:00'), 10)).toBe('2027-01');
  });

  it('uses Shanghai time, not UTC: 20:00 UTC on the 10th is already the 11th', () => {
    expect(periodFor(new Date('2026-11-10T20:00:00Z'), 10)).toBe('2026-12');
  });

  it('honours a configured close day', () => {
    expect(periodFor(new Date('2026-11-12T10:00:00+08:00'), 15)).toBe('2026-11');
  });

  it('closes at midnight after the close day, Shanghai time', () => {
    expect(closesAt('2026-11', 10).toISOString()).toBe('2026-11-10T16:00:00.000Z');
    expect(closesAt('2026-12', 10).toISOString()).toBe('2026-12-10T16:00:00.000Z');
  });
});
