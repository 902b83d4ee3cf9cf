import type { Faker } from '@faker-js/faker';

/**
 * Plausible Chinese titles and summaries for simulated submissions, by strategic field. The
 * words are the field's own vocabulary so that public search and the documents read naturally.
 */
const VOCABULARY: { domain: string; objects: string[]; verbs: string[] }[] = [
  {
    domain: 'integratedCircuits',
    objects: [
      '碳化硅功率芯片',
      '12英寸硅片',
      'RISC-V处理器',
      '存算一体芯片',
      '高端光刻胶',
      '氮化镓射频器件',
    ],
    verbs: ['关键工艺突破', '设计与量产', '国产化替代', '研制及产业化'],
  },
  {
    domain: 'advancedPolymers',
    objects: [
      '高性能聚酰亚胺薄膜',
      '生物基尼龙材料',
      '超高分子量聚乙烯纤维',
      '可降解包装材料',
      '特种工程塑料',
    ],
    verbs: ['制备技术', '产业化应用', '绿色合成工艺', '性能调控机理'],
  },
  {
    domain: 'intelligentManufacturing',
    objects: [
      '五轴联动数控机床',
      '工业机器人减速器',
      '大口径光学元件',
      '智能产线数字孪生系统',
      '精密伺服电机',
    ],
    verbs: ['超精密加工技术', '自主研制', '关键部件国产化', '集成应用'],
  },
  {
    domain: 'artificialIntelligence',
    objects: ['行业大模型', '多模态感知算法', '智能诊断系统', '自动驾驶决策平台'],
    verbs: ['关键技术及应用', '研发与规模化应用', '自主可控平台构建'],
  },
  {
    domain: 'biomedicine',
    objects: ['新型抗肿瘤药物', 'mRNA疫苗递送系统', '创新型单克隆抗体', '基因治疗载体'],
    verbs: ['研发及临床转化', '关键技术突破', '产业化'],
  },
  {
    domain: 'newEnergyMaterials',
    objects: ['固态锂电池电解质', '钠离子电池正极材料', '高效钙钛矿光伏组件', '氢燃料电池膜电极'],
    verbs: ['制备技术及产业化', '规模化量产', '关键材料国产化'],
  },
  {
    domain: 'medicalDevices',
    objects: ['高端医学影像设备', '手术机器人', '体外诊断仪器', '人工心脏泵'],
    verbs: ['自主研制', '国产化替代', '临床应用'],
  },
];

export const SIMULATED_DOMAINS = VOCABULARY.map((v) => v.domain);

export type Category = 'basicResearch' | 'techBreakthrough' | 'majorApplication';

export interface AchievementText {
  title: string;
  summary: string;
}

export function achievementText(f: Faker, domain: string, category: Category): AchievementText {
  const words = VOCABULARY.find((v) => v.domain === domain) ?? VOCABULARY[0];
  const object = f.helpers.arrayElement(words.objects);
  const prefix = f.helpers.arrayElement([
    '新一代',
    '高可靠',
    '低成本',
    '大规模',
    '面向车规级的',
    '',
  ]);
  const title =
    category === 'basicResearch'
      ? `${object}${f.helpers.arrayElement(['的基础理论与机理研究', '新机制的发现', '原创性基础研究'])}`
      : `${prefix}${object}${f.helpers.arrayElement(words.verbs)}`;
  const effect =
    category === 'basicResearch'
      ? '成果发表于国际顶级期刊,揭示了关键科学问题'
      : category === 'techBreakthrough'
        ? `打破国外垄断,实现进口替代,年产值约${f.number.int({ min: 1, max: 30 })}亿元`
        : '已在国家重大工程中投入使用,运行稳定';
  return { title, summary: `围绕${object}开展攻关,${effect}。` };
}
