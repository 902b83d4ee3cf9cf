import { normalizeName } from '../../conflicts/conflict-rules';
import { fail, pass, type EligibilityRule } from '../eligibility-rule';

/** basicResearch: at least one paper in a journal on the top-journal list (by name or ISSN). */
export const topJournalPaperRule: EligibilityRule = {
  key: 'topJournalPaper',
  label: '至少一篇论文发表在顶级期刊目录内的期刊上',
  categories: ['basicResearch'],
  check({ evidence, topJournals }) {
    const papers = evidence.papers ?? [];
    if (papers.length === 0) return fail('未填写代表性论文');
    for (const paper of papers) {
      const journal = normalizeName(paper.journal);
      const hit = topJournals.find(
        (j) => normalizeName(j.name) === journal || (j.issn && paper.journal.includes(j.issn)),
      );
      if (hit) return pass(`论文发表于《${hit.name}》(${hit.tier})`);
    }
    return fail(`论文期刊(${papers.map((p) => p.journal).join('、')})均不在顶级期刊目录内`);
  },
};
