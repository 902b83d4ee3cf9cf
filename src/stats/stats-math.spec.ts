import { disciplineShare, percentile, rank, type RankingInput } from './stats-math';

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([10, 20], 0)).toBe(10);
    expect(percentile([10, 20], 100)).toBe(20);
  });

  it('is null without values and refuses a percentile outside 0–100', () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('rank', () => {
  const entries: RankingInput[] = [
    {
      key: 'a',
      name: '杭州',
      values: { libraryEntries: 4, published: 0, landmark: 0, discipline: 0.5 },
    },
    {
      key: 'b',
      name: '宁波',
      values: { libraryEntries: 2, published: 2, landmark: 1, discipline: 1 },
    },
    {
      key: 'c',
      name: '温州',
      values: { libraryEntries: 0, published: 0, landmark: 2, discipline: 0 },
    },
  ];

  it('scales each indicator to the best entry and takes the weighted mean', () => {
    const rows = rank(entries, { libraryEntries: 35, published: 25, landmark: 15, discipline: 25 });
    expect(rows.map((r) => [r.name, r.rank, r.score])).toEqual([
      ['宁波', 1, 75], // (35·50 + 25·100 + 15·50 + 25·100) / 100
      ['杭州', 2, 47.5], // (35·100 + 0 + 0 + 25·50) / 100
      ['温州', 3, 15], // 15·100 / 100
    ]);
    expect(rows[1].normalised).toEqual({
      libraryEntries: 100,
      published: 0,
      landmark: 0,
      discipline: 50,
    });
  });

  it('changes the order when the weights change', () => {
    const rows = rank(entries, { libraryEntries: 100, published: 0, landmark: 0, discipline: 0 });
    expect(rows.map((r) => r.name)).toEqual(['杭州', '宁波', '温州']);
    const byLandmark = rank(entries, {
      libraryEntries: 0,
      published: 0,
      landmark: 100,
      discipline: 0,
    });
    expect(byLandmark.map((r) => r.name)).toEqual(['温州', '宁波', '杭州']);
  });

  it('gives equal scores the same rank and orders them by name', () => {
    const rows = rank(
      [
        {
          key: 'x',
          name: '乙',
          values: { libraryEntries: 1, published: 0, landmark: 0, discipline: 0 },
        },
        {
          key: 'y',
          name: '甲',
          values: { libraryEntries: 1, published: 0, landmark: 0, discipline: 0 },
        },
        {
          key: 'z',
          name: '丙',
          values: { libraryEntries: 0, published: 0, landmark: 0, discipline: 0 },
        },
      ],
      { libraryEntries: 1, published: 1, landmark: 1, discipline: 1 },
    );
    expect(rows.map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(rows.map((r) => r.name)).toEqual([
      ...['乙', '甲'].sort((a, b) => a.localeCompare(b, 'zh-CN')),
      '丙',
    ]);
  });

  it('scores zero for everyone when all weights are zero or nobody has an indicator', () => {
    expect(
      rank(entries, { libraryEntries: 0, published: 0, landmark: 0, discipline: 0 }).every(
        (r) => r.score === 0,
      ),
    ).toBe(true);
  });
});

describe('disciplineShare', () => {
  it('counts on time and nil fully, late half, missed nothing', () => {
    expect(disciplineShare({ onTime: 1, nil: 1, late: 1, missed: 1 })).toBe(0.625);
    expect(disciplineShare({ onTime: 0, nil: 0, late: 0, missed: 0 })).toBeNull();
  });
});
