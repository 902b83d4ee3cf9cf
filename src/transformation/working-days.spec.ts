import { addWorkingDays } from './working-days';

describe('working days (Beijing time)', () => {
  it('skips Saturday and Sunday', () => {
    // Thursday 2026-11-05 10:00 Beijing time.
    const thursday = new Date('2026-11-05T02:00:00.000Z');
    expect(addWorkingDays(thursday, 1).toISOString()).toBe('2026-11-06T02:00:00.000Z');
    expect(addWorkingDays(thursday, 3).toISOString()).toBe('2026-11-10T02:00:00.000Z');
    expect(addWorkingDays(thursday, 5).toISOString()).toBe('2026-11-12T02:00:00.000Z');
  });

  it('counts from a weekend to the next working days', () => {
    // Saturday 2026-11-07 23:30 Beijing time is Saturday 15:30 UTC.
    expect(addWorkingDays(new Date('2026-11-07T15:30:00.000Z'), 1).toISOString()).toBe(
      '2026-11-09T15:30:00.000Z',
    );
  });
});
