/**
 * The scoring rubric experts read next to the form: for each criterion, what it asks and what a
 * score of 90, 75 and 60 means. It is guidance, not arithmetic (the weights live in the scoring
 * policy), so the admin edits it as a setting; this is only the default a fresh install starts with.
 */
export const RUBRIC_ANCHORS = ['90', '75', '60'] as const;
export type RubricAnchor = (typeof RUBRIC_ANCHORS)[number];

export interface RubricCriterion {
  description: string;
  anchors: Record<RubricAnchor, string>;
}

/** Criterion key (as in the scoring policy's weights) → its guidance. */
export type Rubric = Record<string, RubricCriterion>;

export const DEFAULT_RUBRIC: Rubric = {
  innovation: {
    description: '成果在原理、方法、技术路线或产品上的原始创新程度,以及自主知识产权的支撑情况。',
    anchors: {
      '90': '原创性突出,提出新原理、新方法或开辟新方向,核心知识产权自主可控。',
      '75': '在已有技术基础上有明显改进或集成创新,具备自主知识产权。',
      '60': '创新点有限,以跟踪、模仿或常规改进为主。',
    },
  },
  advancement: {
    description: '主要技术指标与国内外同类成果相比所处的水平。',
    anchors: {
      '90': '主要指标达到国际领先或国际先进水平,有权威评价或检测佐证。',
      '75': '主要指标达到国内领先水平,部分指标接近国际先进。',
      '60': '主要指标与国内同类成果相当。',
    },
  },
  significance: {
    description: '成果对我省战略性产业、"卡脖子"环节或重大需求的意义。',
    anchors: {
      '90': '破解关键核心技术瓶颈,打破国外垄断或填补国内空白,对产业安全意义重大。',
      '75': '对所在领域的技术进步或产业升级有明显推动作用。',
      '60': '对所在领域有一定意义,但带动作用有限。',
    },
  },
  benefit: {
    description: '已取得和可预期的经济效益、社会效益与生态效益。',
    anchors: {
      '90': '已形成规模化应用,经济或社会效益显著且有可信证明。',
      '75': '已有应用或示范,效益初步显现。',
      '60': '效益尚处于预期阶段,证明材料不足。',
    },
  },
  maturity: {
    description: '成果的工程化、产业化成熟度与推广应用条件。',
    anchors: {
      '90': '已批量生产或稳定运行,具备大范围推广条件。',
      '75': '完成中试或工程验证,具备产业化条件。',
      '60': '处于样机、小试或实验室阶段。',
    },
  },
};

/** The guidance for a criterion; a criterion the admin added to the weights without one has none. */
export function rubricFor(rubric: Rubric, key: string): RubricCriterion | null {
  return rubric[key] ?? null;
}

const KEY = /^[a-z][A-Za-z0-9]{0,31}$/;
const MAX_TEXT = 500;

/** Names each problem of a rubric as the admin sent it; an empty record means it is valid. */
export function rubricProblems(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { rubric: '必须是评分项到评分指引的对象' };
  }
  const problems: Record<string, string> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length < 1 || entries.length > 12) problems.rubric = '必须有 1–12 个评分项';
  for (const [key, raw] of entries) {
    if (!KEY.test(key)) {
      problems[key] = '评分项的键必须是英文标识';
      continue;
    }
    const c = raw as Partial<RubricCriterion> | null;
    if (!c || typeof c !== 'object') {
      problems[key] = '必须包含说明(description)和分档说明(anchors)';
      continue;
    }
    if (typeof c.description !== 'string' || !c.description.trim()) {
      problems[`${key}.description`] = '说明不能为空';
    } else if (c.description.length > MAX_TEXT) {
      problems[`${key}.description`] = `说明不能超过 ${MAX_TEXT} 字`;
    }
    const anchors = (c.anchors ?? {}) as Record<string, unknown>;
    for (const a of RUBRIC_ANCHORS) {
      const text = anchors[a];
      if (typeof text !== 'string' || !text.trim()) {
        problems[`${key}.anchors.${a}`] = `${a} 分档说明不能为空`;
      } else if (text.length > MAX_TEXT) {
        problems[`${key}.anchors.${a}`] = `${a} 分档说明不能超过 ${MAX_TEXT} 字`;
      }
    }
    for (const a of Object.keys(anchors)) {
      if (!(RUBRIC_ANCHORS as readonly string[]).includes(a)) {
        problems[`${key}.anchors.${a}`] = '分档只能是 90、75、60';
      }
    }
  }
  return problems;
}
