export const CATEGORIES = ['basicResearch', 'techBreakthrough', 'majorApplication'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  basicResearch: '基础研究类',
  techBreakthrough: '技术突破类',
  majorApplication: '重大应用类',
};

export const LEVEL_CLAIMS = ['internationalAdvanced', 'domesticLeading'] as const;
export type LevelClaim = (typeof LEVEL_CLAIMS)[number];

export const LEVEL_CLAIM_LABELS: Record<LevelClaim, string> = {
  internationalAdvanced: '国际先进',
  domesticLeading: '国内领先',
};
