import {
  annualMerit,
  rankByScore,
  rankMonthlyCandidates,
  type RankingCandidate,
} from './release-ranking';

const at = (iso: string) => new Date(iso);
const c = (id: string, progress: string, score: number | null): RankingCandidate => ({
  id,
  progressAt: at(progress),
  enteredAt: at(progress),
  score,
});

describe('rankMonthlyCandidates', () => {
  it('puts the newest progress first and breaks ties by score, then id', () => {
    const ranked = rankMonthlyCandidates(
      [
        c('a', '2026-10-01T00:00:00Z', 95),
        c('b', '2026-11-01T00:00:00Z', 70),
        c('c', '2026-11-01T00:00:00Z', 88),
        c('e', '2026-09-01T00:00:00Z', null),
        c('d', '2026-09-01T00:00:00Z', 60),
      ],
      new Map(),
    );
    expect(ranked.map((r) => r.id)).toEqual(['c', 'b', 'a', 'd', 'e']);
  });

  it('proposes at most the limit', () => {
    const many = Array.from({ length: 9 }, (_, i) => c(`x${i}`, '2026-11-01T00:00:00Z', i));
    expect(rankMonthlyCandidates(many, new Map())).toHaveLength(5);
    expect(rankMonthlyCandidates(many, new Map(), 2).map((r) => r.id)).toEqual(['x8', 'x7']);
  });

  it('leaves out recently featured items unless they progressed after being featured', () => {
    const ranked = rankMonthlyCandidates(
      [
        c('old', '2026-08-01T00:00:00Z', 99),
        c('moved', '2026-11-02T00:00:00Z', 50),
        c('new', '2026-10-01T00:00:00Z', 10),
      ],
      new Map([
        ['old', at('2026-09-20T00:00:00Z')],
        ['moved', at('2026-09-20T00:00:00Z')],
      ]),
    );
    expect(ranked.map((r) => r.id)).toEqual(['moved', 'new']);
  });
});

describe('rankByScore', () => {
  it('orders by score with unscored items last', () => {
    const ranked = rankByScore(
      [
        c('a', '2026-01-01T00:00:00Z', null),
        c('b', '2026-01-01T00:00:00Z', 80),
        c('c', '2026-02-01T00:00:00Z', 90),
        c('d', '2026-01-01T00:00:00Z', 90),
      ],
      3,
    );
    expect(ranked.map((r) => r.id)).toEqual(['d', 'c', 'b']);
  });
});

describe('annualMerit', () => {
  it('keeps the score without evaluations, and moves it 20 % towards their mean rating', () => {
    expect(annualMerit(90, [])).toBe(90);
    expect(annualMerit(null, ['excellent'])).toBeNull();
    expect(annualMerit(90, ['excellent'])).toBe(92);
    expect(annualMerit(90, ['poor', 'fair'])).toBe(82);
  });

  it('lets strong tracking evaluations lift an item past a slightly higher panel score', () => {
    const shortlist = rankByScore(
      [
        { ...c('a', '2027-03-01', null), score: annualMerit(88, ['poor']) },
        { ...c('b', '2027-03-01', null), score: annualMerit(86, ['excellent', 'good']) },
      ],
      2,
    );
    expect(shortlist.map((x) => x.id)).toEqual(['b', 'a']);
  });
});
