import {
  DEFAULT_CREDIT_FORMULA,
  creditScore,
  emptyCreditFacts,
  type CreditFacts,
} from './credit-formula';

const none: CreditFacts = emptyCreditFacts();

describe('expert credit', () => {
  it('starts at the base and shows each input', () => {
    const { score, terms } = creditScore(none);
    expect(score).toBe(DEFAULT_CREDIT_FORMULA.base);
    expect(terms.map((t) => t.input)).toContain('lapsed');
  });

  it('rewards work on time up to a cap and punishes lapses, lateness and deviation', () => {
    expect(creditScore({ ...none, onTime: 5 }).score).toBe(85);
    expect(creditScore({ ...none, onTime: 50 }).score).toBe(100);
    expect(creditScore({ ...none, lapsed: 2, late: 1 }).score).toBe(80 - 16 - 3);
    expect(creditScore({ ...none, meanDeviation: 30 }).score).toBe(80 - 10);
    expect(creditScore({ ...none, meanDeviation: 8 }).score).toBe(80);
    expect(creditScore({ ...none, recusals: 3 }).score).toBe(79);
    expect(creditScore({ ...none, conflictsFoundLater: 1, flags: 1 }).score).toBe(55);
  });

  it('stays within 0–100 and follows a configured formula', () => {
    expect(creditScore({ ...none, lapsed: 20 }).score).toBe(0);
    expect(
      creditScore({ ...none, lapsed: 1 }, { ...DEFAULT_CREDIT_FORMULA, lapsePenalty: 30 }).score,
    ).toBe(50);
  });
});
