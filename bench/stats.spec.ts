import { compare, formatNumber, formatTable, percentile, ratePerSecond, ratio } from './stats';

describe('bench stats', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(samples, 101)).toThrow(RangeError);
  });

  it('computes rates and ratios', () => {
    expect(ratePerSecond(500, 250)).toBe(2000);
    expect(ratePerSecond(5, 0)).toBe(0);
    expect(ratio(1, 3)).toBe(0.333);
    expect(ratio(1, 0)).toBeNaN();
  });

  it('marks whether a comparison meets its target', () => {
    expect(compare('engine', 600, '/s', 'peer', 100, 5)).toMatchObject({
      ratio: 6,
      target: '≥ 5',
      met: true,
    });
    expect(compare('engine', 600, '/s', 'raw', 3000, 0.3).met).toBe(false);
    expect(compare('info', 1, '/s', 'x', 2).met).toBeUndefined();
  });

  it('formats a table with aligned columns', () => {
    expect(formatNumber(12345.678)).toBe('12,346');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(Number.NaN)).toBe('—');
    const table = formatTable(
      ['figure', 'value'],
      [
        ['a', '1'],
        ['longer', '1,000'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'figure  value',
      '------  -----',
      'a           1',
      'longer  1,000',
    ]);
  });
});
