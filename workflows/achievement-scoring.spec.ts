import { DEFAULT_SCORING_POLICY, needsConsensus, spread, trimmedMean } from './achievement-scoring';

describe('scoring arithmetic', () => {
  it('keeps every score below five', () => {
    expect(trimmedMean([60, 70, 95])).toBe(75);
    expect(trimmedMean([])).toBe(0);
  });

  it('drops one highest and one lowest from five or more, ties included', () => {
    expect(trimmedMean([95, 80, 78, 76, 40])).toBe(78);
    // Ties: only one of the equal extremes goes.
    expect(trimmedMean([90, 90, 80, 70, 70])).toBe(80);
    expect(trimmedMean([80, 80, 80, 80, 80])).toBe(80);
    expect(trimmedMean([100, 100, 100, 0, 0, 0])).toBe(50);
  });

  it('sends a panel to consensus only when the spread exceeds the gap', () => {
    const policy = { ...DEFAULT_SCORING_POLICY, spreadGap: 20 };
    expect(spread([70, 90, 80])).toBe(20);
    expect(needsConsensus([70, 90, 80], policy)).toBe(false);
    expect(needsConsensus([70, 90.01, 80], policy)).toBe(true);
    expect(needsConsensus([50, 50, 50, 50, 50], { ...policy, spreadGap: 0 })).toBe(false);
    // A policy stored before the gap existed reads as the default gap.
    const old = { ...DEFAULT_SCORING_POLICY, spreadGap: undefined };
    expect(needsConsensus([20, 85], old)).toBe(true);
    expect(needsConsensus([30, 85], old)).toBe(false);
  });
});
