import { closesAt } from '../../collection/collection-calendar';
import { lastClosedBatch } from './process.report';

describe('lastClosedBatch', () => {
  const at = (iso: string) => new Date(iso);

  it('is the month itself once its close time has passed, else the month before', () => {
    // Day 25 closes at the start of the 26th, Shanghai time (16:00 UTC on the 25th).
    expect(closesAt('2026-12', 25).toISOString()).toBe('2026-12-25T16:00:00.000Z');
    expect(lastClosedBatch(at('2026-12-25T15:59:59Z'), { collectionCloseDay: 25 })).toBe('2026-11');
    expect(lastClosedBatch(at('2026-12-25T16:00:00Z'), { collectionCloseDay: 25 })).toBe('2026-12');
  });

  it('crosses the year back in January', () => {
    expect(lastClosedBatch(at('2027-01-03T00:00:00Z'), { collectionCloseDay: 25 })).toBe('2026-12');
  });

  it('goes by the Shanghai date, not the UTC one', () => {
    // 2026-12-25T16:30Z is already the 26th in Shanghai: December has closed.
    expect(lastClosedBatch(at('2026-12-25T16:30:00Z'), { collectionCloseDay: 25 })).toBe('2026-12');
    expect(lastClosedBatch(at('2027-01-31T17:00:00Z'), { collectionCloseDay: 5 })).toBe('2027-01');
  });
});
