import type { EligibilitySubject } from './eligibility-rule';
import { DEFAULT_REQUIRED_ATTACHMENTS, runEligibilityRules } from './eligibility-rules';

const base: EligibilitySubject = {
  category: 'techBreakthrough',
  levelClaim: 'domesticLeading',
  completingUnits: [{ name: '某某科技有限公司' }],
  completers: [{ name: '李四', unit: '某某科技有限公司' }],
  ip: { owner: '某某科技有限公司', patents: [], noDispute: true },
  evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产,年销售额2亿元' },
  attachmentKinds: [],
  topJournals: [{ name: 'Nature', issn: '0028-0836', tier: 'A' }],
  requiredAttachments: DEFAULT_REQUIRED_ATTACHMENTS,
};
const failed = (s: EligibilitySubject) =>
  runEligibilityRules(s)
    .filter((c) => !c.passed)
    .map((c) => c.rule);

describe('eligibility rules', () => {
  it('runs the category rule and the common rules, and passes a complete record', () => {
    const list = runEligibilityRules(base);
    expect(list.map((c) => c.rule)).toEqual([
      'chokepointIndustrialization',
      'ipUndisputed',
      'unitsAndCompleters',
      'levelClaim',
      'requiredAttachments',
    ]);
    expect(list.every((c) => c.passed && c.reason)).toBe(true);
  });

  it('techBreakthrough needs the chokepoint and evidence of industrialisation', () => {
    expect(failed({ ...base, evidence: { industrialization: '已量产' } })).toEqual([
      'chokepointIndustrialization',
    ]);
    expect(failed({ ...base, evidence: { replaces: 'X', industrialization: '效果很好' } })).toEqual(
      ['chokepointIndustrialization'],
    );
  });

  it('basicResearch needs a paper in a top journal, by name or ISSN', () => {
    const paper = (journal: string) => ({
      ...base,
      category: 'basicResearch' as const,
      evidence: { papers: [{ journal, year: 2026, doi: '10.1/x' }] },
    });
    expect(failed(paper('nature'))).toEqual([]);
    expect(failed(paper('Some Journal (ISSN 0028-0836)'))).toEqual([]);
    expect(failed(paper('某地方学报'))).toEqual(['topJournalPaper']);
    expect(failed({ ...paper('x'), evidence: {} })).toEqual(['topJournalPaper']);
  });

  it('majorApplication needs the national project and a proof attached', () => {
    const item = {
      ...base,
      category: 'majorApplication' as const,
      evidence: { project: '某国家重大科技基础设施' },
    };
    expect(failed(item)).toEqual(['nationalProjectProof', 'requiredAttachments']);
    expect(failed({ ...item, attachmentKinds: ['applicationProof'] })).toEqual([]);
  });

  it('checks IP, people and level claim for every category', () => {
    expect(
      failed({
        ...base,
        ip: { owner: 'x', patents: [], noDispute: false },
        completers: [{ name: '李四', unit: ' ' }],
        levelClaim: null,
      }),
    ).toEqual(['ipUndisputed', 'unitsAndCompleters', 'levelClaim']);
  });
});
