import { fail, filled, judge, pass, type EligibilityRule } from '../eligibility-rule';

/** Words that show industrialisation: a product, customers, sales or production volume. */
const INDUSTRIALIZATION_MARKERS = [
  '产品',
  '客户',
  '用户',
  '销售',
  '销量',
  '营收',
  '订单',
  '产值',
  '产量',
  '量产',
  '投产',
  '产能',
];

/** techBreakthrough: the chokepoint or import replaced is named, and industrialisation is shown. */
export const chokepointIndustrializationRule: EligibilityRule = {
  key: 'chokepointIndustrialization',
  label: '写明所替代的"卡脖子"环节或进口产品,并有产业化证据',
  categories: ['techBreakthrough'],
  check({ evidence }) {
    if (!filled(evidence.replaces)) return fail('未写明所突破的"卡脖子"环节或替代的进口产品');
    if (!filled(evidence.industrialization)) return fail('未提供产业化证据');
    const marker = INDUSTRIALIZATION_MARKERS.find((m) => evidence.industrialization!.includes(m));
    if (!marker) return judge('产业化证据未说明产品、客户、销售额或产量,请人工判断');
    return pass(`替代:${evidence.replaces};产业化证据提及"${marker}"`);
  },
};
