/**
 * Loads a demo province into the configured database, so that a newcomer sees a living system:
 * city and county bureaus, units that report through them or directly, the provincial office,
 * experts, a user of every role, and achievements of all three categories in every state.
 *
 * Everything goes through the real services, with the same validation as the API, and every
 * workflow step is a real event by the user whose job it is, so the audit trail is genuine.
 *
 * Usage: npm run seed:demo   (same environment as the server: DATA_DIR, DATABASE_URL, …)
 * It refuses, changing nothing, when demo data (or any achievement) is already there.
 */
import 'reflect-metadata';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  STATES,
  type AchievementEventType,
  type AchievementState,
  type UserRole,
} from '../workflows/achievement.machine';
import { Achievement } from '../src/achievements/achievement.entity';
import { STATE_LABELS } from '../src/achievements/achievement-labels';
import { AchievementsService, type TransitionView } from '../src/achievements/achievements.service';
import { AchievementRecordDto } from '../src/achievements/dto/achievement-record.dto';
import { SendEventDto } from '../src/achievements/dto/send-event.dto';
import { AppModule } from '../src/app.module';
import { SYSTEM_ACTOR, type AuthUser } from '../src/access/auth-user';
import { CollectionService } from '../src/collection/collection.service';
import { validateAs } from '../src/common/validation';
import { loadConfig } from '../src/config/app-config';
import { CreateOrganizationDto } from '../src/organizations/dto/create-organization.dto';
import type { OrganizationType } from '../src/reference/organization-type';
import { OrganizationsService } from '../src/organizations/organizations.service';
import { PROVINCIAL_DEPARTMENT } from '../src/users/admin-bootstrap.service';
import { CreateUserDto } from '../src/users/dto/create-user.dto';
import { UsersService } from '../src/users/users.service';
import { RegisterPartnerDto } from '../src/transformation/dto/transformation.dto';
import { PartnersService } from '../src/transformation/partners.service';

/** The password of every demo user. A demo database is for looking around, never for real data. */
export const DEMO_PASSWORD = 'Demo-pass-2026!';

// ---------------------------------------------------------------------------------------------
// The province
// ---------------------------------------------------------------------------------------------

interface DemoOrganization {
  key: string;
  name: string;
  type: OrganizationType;
  city: string;
  county?: string;
  /** Key of the bureau it reports through; omitted: it reports to the province directly. */
  reportsThrough?: string;
}

/** The provincial department is created at startup; demo users refer to it by this key. */
const PROVINCE = 'province';

export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  { key: 'hzBureau', name: '杭州市科学技术局', type: 'cityBureau', city: '杭州' },
  {
    key: 'yhBureau',
    name: '杭州市余杭区科学技术局',
    type: 'countyBureau',
    city: '杭州',
    county: '余杭区',
    reportsThrough: 'hzBureau',
  },
  { key: 'nbBureau', name: '宁波市科学技术局', type: 'cityBureau', city: '宁波' },
  {
    key: 'blBureau',
    name: '宁波市北仑区科学技术局',
    type: 'countyBureau',
    city: '宁波',
    county: '北仑区',
    reportsThrough: 'nbBureau',
  },
  { key: 'wzBureau', name: '温州市科学技术局', type: 'cityBureau', city: '温州' },
  {
    key: 'xinlian',
    name: '杭州芯联半导体有限公司',
    type: 'enterprise',
    city: '杭州',
    county: '滨江区',
    reportsThrough: 'hzBureau',
  },
  {
    key: 'zhiyuan',
    name: '杭州智元机器人科技有限公司',
    type: 'enterprise',
    city: '杭州',
    county: '余杭区',
    reportsThrough: 'yhBureau',
  },
  { key: 'xixi', name: '西溪大学', type: 'university', city: '杭州', county: '西湖区' },
  { key: 'minghu', name: '浙江省明湖实验室', type: 'provincialLab', city: '杭州' },
  { key: 'manufInst', name: '浙江省先进制造研究院', type: 'researchInstitute', city: '杭州' },
  { key: 'bioInst', name: '浙江省生物医药研究院', type: 'researchInstitute', city: '杭州' },
  {
    key: 'yongxin',
    name: '宁波甬新材料科技有限公司',
    type: 'enterprise',
    city: '宁波',
    county: '镇海区',
    reportsThrough: 'nbBureau',
  },
  {
    key: 'gangcheng',
    name: '宁波港城海洋装备有限公司',
    type: 'enterprise',
    city: '宁波',
    county: '北仑区',
    reportsThrough: 'blBureau',
  },
  { key: 'nbMaterials', name: '宁波材料新技术研究院', type: 'researchInstitute', city: '宁波' },
  {
    key: 'oujiangPharma',
    name: '温州瓯江生物医药有限公司',
    type: 'enterprise',
    city: '温州',
    county: '鹿城区',
    reportsThrough: 'wzBureau',
  },
  { key: 'ouyi', name: '瓯江医科大学', type: 'university', city: '温州' },
  {
    key: 'equipCenter',
    name: '浙江省高端装备技术创新中心',
    type: 'techInnovationCenter',
    city: '绍兴',
  },
  { key: 'energyInst', name: '浙江省新能源材料研究院', type: 'researchInstitute', city: '湖州' },
];

interface DemoUser {
  username: string;
  displayName: string;
  org: string;
  roles: UserRole[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'office', displayName: '王晓燕', org: PROVINCE, roles: ['officeStaff'] },
  { username: 'sysadmin', displayName: '赵志刚', org: PROVINCE, roles: ['admin'] },
  // 三权分立: accounts and the logs are two more people's work.
  { username: 'security', displayName: '钱明华', org: PROVINCE, roles: ['securityAdmin'] },
  { username: 'auditor', displayName: '吴静', org: PROVINCE, roles: ['auditAdmin'] },
  // Bureaus recommend the items of the units that report through them.
  { username: 'hz-recommender', displayName: '陈立新', org: 'hzBureau', roles: ['recommender'] },
  { username: 'yuhang-recommender', displayName: '沈佳', org: 'yhBureau', roles: ['recommender'] },
  { username: 'nb-recommender', displayName: '周海峰', org: 'nbBureau', roles: ['recommender'] },
  {
    username: 'beilun-recommender',
    displayName: '孙立群',
    org: 'blBureau',
    roles: ['recommender'],
  },
  { username: 'wz-recommender', displayName: '郑伟', org: 'wzBureau', roles: ['recommender'] },
  // Units inside a city submit; their bureau recommends.
  { username: 'xinlian-submitter', displayName: '李明', org: 'xinlian', roles: ['submitter'] },
  { username: 'zhiyuan-submitter', displayName: '何静', org: 'zhiyuan', roles: ['submitter'] },
  { username: 'yongxin-submitter', displayName: '钱丰', org: 'yongxin', roles: ['submitter'] },
  { username: 'gangcheng-submitter', displayName: '邵军', org: 'gangcheng', roles: ['submitter'] },
  {
    username: 'oujiang-submitter',
    displayName: '潘雪',
    org: 'oujiangPharma',
    roles: ['submitter'],
  },
  // Units that report directly recommend their own items.
  { username: 'xixi-submitter', displayName: '刘洋', org: 'xixi', roles: ['submitter'] },
  { username: 'xixi-recommender', displayName: '杨帆', org: 'xixi', roles: ['recommender'] },
  { username: 'minghu-submitter', displayName: '黄蕾', org: 'minghu', roles: ['submitter'] },
  { username: 'minghu-recommender', displayName: '韩松', org: 'minghu', roles: ['recommender'] },
  {
    username: 'nbmaterials-submitter',
    displayName: '曹阳',
    org: 'nbMaterials',
    roles: ['submitter'],
  },
  {
    username: 'nbmaterials-recommender',
    displayName: '彭飞',
    org: 'nbMaterials',
    roles: ['recommender'],
  },
  { username: 'ouyi-submitter', displayName: '叶青', org: 'ouyi', roles: ['submitter'] },
  { username: 'ouyi-recommender', displayName: '谢伟', org: 'ouyi', roles: ['recommender'] },
  { username: 'equip-submitter', displayName: '金涛', org: 'equipCenter', roles: ['submitter'] },
  {
    username: 'equip-recommender',
    displayName: '任海燕',
    org: 'equipCenter',
    roles: ['recommender'],
  },
  { username: 'energy-submitter', displayName: '董强', org: 'energyInst', roles: ['submitter'] },
  {
    username: 'energy-recommender',
    displayName: '袁芳',
    org: 'energyInst',
    roles: ['recommender'],
  },
  // The expert pool: institutes and universities; nobody scores an item of their own unit.
  { username: 'expert-wu', displayName: '吴建国', org: 'manufInst', roles: ['expert'] },
  { username: 'expert-xu', displayName: '徐丽华', org: 'manufInst', roles: ['expert'] },
  { username: 'expert-zhu', displayName: '朱振宇', org: 'bioInst', roles: ['expert'] },
  { username: 'expert-ma', displayName: '马晓峰', org: 'nbMaterials', roles: ['expert'] },
  { username: 'expert-hu', displayName: '胡敏', org: 'xixi', roles: ['expert'] },
  { username: 'expert-lin', displayName: '林海', org: 'ouyi', roles: ['expert'] },
  { username: 'expert-jiang', displayName: '蒋文', org: 'energyInst', roles: ['expert'] },
  { username: 'expert-gao', displayName: '高志远', org: 'bioInst', roles: ['expert'] },
  { username: 'expert-shen', displayName: '沈佳', org: 'manufInst', roles: ['expert'] },
];

// ---------------------------------------------------------------------------------------------
// The achievements and their histories
// ---------------------------------------------------------------------------------------------

type Step =
  | { by: 'owner' | 'office'; type: AchievementEventType; comment?: string }
  /**
   * By the recommender of the body at the item's current level of its reporting chain. RECOMMEND
   * goes up the whole chain (county bureau, then city bureau), one audited hop per level, unless
   * `oneLevel` stops it after the first.
   */
  | { by: 'recommender'; type: AchievementEventType; comment?: string; oneLevel?: boolean }
  /** One SUBMIT_SCORE per value, each by another member of the panel the system assigned. */
  | { by: 'experts'; scores: number[] }
  /** The month's collection closes: CollectionService sends BATCH_CLOSE to the whole batch. */
  | { by: 'batch' };

const owner = (type: AchievementEventType, comment?: string): Step => ({
  by: 'owner',
  type,
  comment,
});
const recommender = (type: AchievementEventType, comment?: string, oneLevel = false): Step => ({
  by: 'recommender',
  type,
  comment,
  oneLevel,
});
const office = (type: AchievementEventType, comment?: string): Step => ({
  by: 'office',
  type,
  comment,
});
const experts = (...scores: number[]): Step => ({ by: 'experts', scores });
const batchClose: Step = { by: 'batch' };

/** The steps before the batch close and after it; without a close, all of them come before. */
function splitAtBatch(steps: Step[]): [Step[], Step[]] {
  const i = steps.indexOf(batchClose);
  return i < 0 ? [steps, []] : [steps.slice(0, i), steps.slice(i + 1)];
}

const PASSING = experts(92, 88, 90, 85, 94);

/** From submission to a passed panel, by the users whose job each step is. */
const toVerification = (recommendation = '同意推荐'): Step[] => [
  owner('SUBMIT'),
  recommender('RECOMMEND', recommendation),
  batchClose,
  office('PASS_ELIGIBILITY', '形式审查通过,材料齐全'),
  PASSING,
];
const toPublished = (recommendation?: string): Step[] => [
  ...toVerification(recommendation),
  office('CONFIRM_VERIFICATION', '现场核查:生产线、检测报告与应用证明均与申报材料一致'),
  office('PUBLISH', '纳入本季度重大科技成果发布'),
];

interface DemoItem {
  /** The username of the owning unit's submitter, who creates the item. */
  submitter: string;
  record: Record<string, unknown>;
  steps: Step[];
  /**
   * Recommended only after this month's batch has closed, so it waits in `submitted` for the next
   * batch (the batch close would otherwise carry it on to eligibility check).
   */
  late?: boolean;
  /** Where the item ends; the seed checks it got there. */
  expect: AchievementState;
}

const orgName = (key: string): string => {
  const org = DEMO_ORGANIZATIONS.find((o) => o.key === key);
  if (!org) throw new Error(`unknown demo organisation ${key}`);
  return org.name;
};

/** The parts of a record every item has, with the owning unit first among the completing units. */
function record(
  ownerKey: string,
  fields: {
    title: string;
    summary: string;
    category: 'basicResearch' | 'techBreakthrough' | 'majorApplication';
    domain: string;
    levelClaim: 'internationalAdvanced' | 'domesticLeading';
    breaksMonopoly?: boolean;
    fillsGap?: boolean;
    partners?: string[];
    /** [name, title, unit key (default: the owner)] */
    completers: [string, string, string?][];
    patents: string[];
    evidence: Record<string, unknown>;
  },
): Record<string, unknown> {
  const unit = orgName(ownerKey);
  const { partners = [], completers, patents, ...rest } = fields;
  return {
    ...rest,
    completingUnits: [unit, ...partners].map((name) => ({ name })),
    completers: completers.map(([name, title, key]) => ({
      name,
      unit: key ? orgName(key) : unit,
      title,
    })),
    ip: { owner: unit, patents, noDispute: true },
  };
}

export const DEMO_ITEMS: readonly DemoItem[] = [
  {
    submitter: 'xinlian-submitter',
    record: record('xinlian', {
      title: '车规级碳化硅MOSFET功率芯片及模块',
      summary:
        '突破1200V碳化硅MOSFET沟槽栅工艺与栅氧可靠性等关键技术,芯片比导通电阻达到国际同类产品水平,' +
        '通过AEC-Q101车规级认证,已批量应用于新能源汽车主驱逆变器,打破国外企业在车规级碳化硅功率器件领域的垄断。',
      category: 'techBreakthrough',
      domain: 'integratedCircuits',
      levelClaim: 'internationalAdvanced',
      breaksMonopoly: true,
      partners: ['西溪大学'],
      completers: [
        ['李明', '教授级高级工程师'],
        ['王磊', '教授', 'xixi'],
        ['赵丽', '高级工程师'],
      ],
      patents: ['ZL202210345678.9', 'ZL202310123456.7'],
      evidence: {
        replaces: '进口车规级碳化硅MOSFET芯片(新能源汽车主驱逆变器用)',
        industrialization:
          '建成6英寸碳化硅芯片产线,年产能12万片,已向3家整车企业批量供货,2025年销售额3.2亿元',
      },
    }),
    steps: toPublished('技术指标先进、产业化成效显著,择优推荐'),
    expect: 'published',
  },
  {
    submitter: 'xinlian-submitter',
    record: record('xinlian', {
      title: '12英寸晶圆级混合键合设备',
      summary:
        '研制国内首台12英寸晶圆级混合键合设备,对准精度优于100纳米,键合良率达99.5%,' +
        '满足三维集成存储与先进封装量产需求,填补国内空白。',
      category: 'techBreakthrough',
      domain: 'integratedCircuits',
      levelClaim: 'domesticLeading',
      fillsGap: true,
      completers: [
        ['孙浩', '高级工程师'],
        ['周婷', '工程师'],
      ],
      patents: ['ZL202320567890.1'],
      evidence: {
        replaces: '进口晶圆级混合键合设备',
        industrialization: '首台套设备已在省内12英寸产线通过验证,累计交付4台,在手订单1.6亿元',
      },
    }),
    steps: [owner('SUBMIT'), recommender('RECOMMEND', '同意推荐,列入下一批次')],
    late: true,
    expect: 'submitted',
  },
  {
    submitter: 'xinlian-submitter',
    record: record('xinlian', {
      title: '宇航级抗辐射高可靠FPGA芯片',
      summary:
        '攻克抗单粒子翻转加固设计与高可靠封装技术,研制出百万门级宇航级FPGA芯片,' +
        '抗总剂量能力达到100krad(Si),在国家重大航天工程中完成在轨验证。',
      category: 'majorApplication',
      domain: 'integratedCircuits',
      levelClaim: 'domesticLeading',
      fillsGap: true,
      completers: [
        ['李明', '教授级高级工程师'],
        ['陈晨', '高级工程师'],
      ],
      patents: ['ZL202110998877.6'],
      evidence: {
        project: '国家重大航天工程(某型号卫星)',
        usage: '作为星载数据处理核心器件随卫星发射,完成在轨验证',
      },
    }),
    steps: [
      ...toVerification(),
      office('FAIL_VERIFICATION', '现场核查发现在轨应用证明材料与申报内容不一致,不予入库'),
    ],
    expect: 'rejected',
  },
  {
    submitter: 'zhiyuan-submitter',
    record: record('zhiyuan', {
      title: '人形机器人高功率密度一体化关节模组',
      summary:
        '集成无框力矩电机、谐波减速器、双编码器与驱动器的一体化关节模组,峰值扭矩密度达到120牛·米/千克,' +
        '支撑人形机器人长时间稳定行走与精细操作。',
      category: 'techBreakthrough',
      domain: 'artificialIntelligence',
      levelClaim: 'domesticLeading',
      completers: [
        ['何静', '高级工程师'],
        ['蔡文博', '工程师'],
      ],
      patents: ['ZL202410112233.4'],
      evidence: {
        replaces: '进口高性能无框力矩电机与精密减速器',
        industrialization: '完成小批量试产500套,进入2家整机企业验证',
      },
    }),
    steps: [],
    expect: 'draft',
  },
  {
    submitter: 'zhiyuan-submitter',
    record: record('zhiyuan', {
      title: '协作机器人高精度谐波减速器',
      summary:
        '突破柔轮齿形设计与精密加工工艺,传动误差小于20角秒,寿命超过1万小时,' +
        '性能达到国际主流产品水平,实现协作机器人核心部件自主可控。',
      category: 'techBreakthrough',
      domain: 'intelligentManufacturing',
      levelClaim: 'domesticLeading',
      breaksMonopoly: true,
      completers: [
        ['何静', '高级工程师'],
        ['朱峰', '高级技师'],
      ],
      patents: ['ZL202210556677.8', 'ZL202310667788.9'],
      evidence: {
        replaces: '日本进口精密谐波减速器',
        industrialization: '年产能10万台,国内市场占有率15%,2025年销售额1.8亿元',
      },
    }),
    // The county bureau has recommended it; it waits for the Hangzhou city bureau (三级联动).
    steps: [owner('SUBMIT'), recommender('RECOMMEND', '余杭区科技局初审通过,报市局', true)],
    expect: 'recommendation',
  },
  {
    submitter: 'xixi-submitter',
    record: record('xixi', {
      title: '类脑脉冲神经网络的在线学习理论与方法',
      summary:
        '提出脉冲神经网络的局部可塑性在线学习理论,证明其在稀疏事件流上的收敛性,' +
        '能效较传统深度网络提升两个数量级,为类脑芯片的端侧学习奠定理论基础。',
      category: 'basicResearch',
      domain: 'artificialIntelligence',
      levelClaim: 'internationalAdvanced',
      completers: [
        ['刘洋', '教授'],
        ['许诺', '研究员'],
      ],
      patents: [],
      evidence: {
        papers: [
          { journal: 'Nature Machine Intelligence', year: 2025, doi: '10.5555/nmi.2025.0142' },
        ],
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RETURN_FOR_AMENDMENT', '请补充代表性论文的收录与引用证明,并明确各完成人的贡献'),
    ],
    expect: 'returned',
  },
  {
    submitter: 'xixi-submitter',
    record: record('xixi', {
      title: '肝细胞癌免疫微环境的单细胞时空图谱',
      summary:
        '构建迄今规模最大的肝细胞癌单细胞与空间转录组图谱,发现驱动免疫治疗耐药的巨噬细胞亚群,' +
        '为肝癌免疫联合治疗提供新靶点。',
      category: 'basicResearch',
      domain: 'precisionMedicine',
      levelClaim: 'internationalAdvanced',
      partners: ['浙江省生物医药研究院'],
      completers: [
        ['刘洋', '教授'],
        ['朱振华', '研究员', 'bioInst'],
      ],
      patents: [],
      evidence: {
        papers: [
          { journal: 'Cell', year: 2025, doi: '10.5555/cell.2025.0317' },
          { journal: 'Nature Medicine', year: 2026, doi: '10.5555/nm.2026.0058' },
        ],
      },
    }),
    steps: [...toVerification(), office('CONFIRM_VERIFICATION', '现场核查:数据与样本库真实可查')],
    expect: 'inLibrary',
  },
  {
    submitter: 'minghu-submitter',
    record: record('minghu', {
      title: '大模型可验证推理的理论框架',
      summary:
        '建立大语言模型推理过程的形式化验证框架,提出可证明正确的链式推理训练方法,' +
        '在数学与程序推理基准上显著降低幻觉率。',
      category: 'basicResearch',
      domain: 'artificialIntelligence',
      levelClaim: 'internationalAdvanced',
      completers: [
        ['黄蕾', '研究员'],
        ['方舟', '副研究员'],
        ['程远', '助理研究员'],
      ],
      patents: [],
      evidence: {
        papers: [{ journal: 'Science', year: 2026, doi: '10.5555/science.2026.0211' }],
      },
    }),
    steps: [
      ...toVerification(),
      office('CONFIRM_VERIFICATION', '现场核查属实'),
      office('RAISE_DISPUTE', '收到合作单位来函,对第二完成人署名提出异议'),
      office('RESOLVE_DISPUTE', '经核实,署名与论文及合作协议一致,争议解除'),
      office('PUBLISH', '纳入本季度重大科技成果发布'),
    ],
    expect: 'published',
  },
  {
    submitter: 'minghu-submitter',
    record: record('minghu', {
      title: '面向大科学装置的海量数据实时处理平台',
      summary:
        '研制面向射电天文观测的流式数据处理平台,实现每秒数百GB观测数据的实时处理与快速射电暴搜寻,' +
        '支撑大科学装置的常态化运行。',
      category: 'majorApplication',
      domain: 'cloudNetworks',
      levelClaim: 'internationalAdvanced',
      completers: [
        ['韩松', '研究员'],
        ['邱敏', '高级工程师'],
      ],
      patents: ['ZL202311223344.5'],
      evidence: {
        project: '国家重大科技基础设施(大型射电天文观测装置)',
        usage: '作为数据实时处理核心平台投入运行,日处理观测数据超过2PB',
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      batchClose,
      office('PASS_ELIGIBILITY', '形式审查通过'),
      experts(88, 85, 90),
    ],
    expect: 'expertScoring',
  },
  {
    // The panel splits (one expert far below the rest): the office must decide, or re-open scoring.
    submitter: 'minghu-submitter',
    record: record('minghu', {
      title: '射电天文宽带数字接收终端',
      summary:
        '研制覆盖多个观测波段的宽带数字接收终端,实现高动态范围信号的实时采集与数字化,' +
        '已装备于大型射电天文观测装置。',
      category: 'majorApplication',
      domain: 'cloudNetworks',
      levelClaim: 'domesticLeading',
      completers: [
        ['韩松', '研究员'],
        ['邱敏', '高级工程师'],
      ],
      patents: ['ZL202311223355.1'],
      evidence: {
        project: '国家重大科技基础设施(大型射电天文观测装置)',
        usage: '作为数字接收终端投入运行,覆盖主要观测波段',
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      batchClose,
      office('PASS_ELIGIBILITY', '形式审查通过,应用证明已线下核验'),
      experts(92, 90, 88, 86, 25),
    ],
    expect: 'consensus',
  },
  {
    submitter: 'yongxin-submitter',
    record: record('yongxin', {
      title: '高镍单晶三元正极材料及其产业化',
      summary:
        '开发高镍单晶三元正极材料的连续烧结与表面包覆技术,材料循环寿命提升50%,' +
        '实现万吨级量产,支撑高能量密度动力电池国产化。',
      category: 'techBreakthrough',
      domain: 'newEnergyMaterials',
      levelClaim: 'internationalAdvanced',
      breaksMonopoly: true,
      completers: [
        ['钱丰', '教授级高级工程师'],
        ['郭敏', '高级工程师'],
      ],
      patents: ['ZL202210778899.0', 'ZL202310889900.1'],
      evidence: {
        replaces: '进口高镍单晶正极材料',
        industrialization: '建成年产2万吨生产线,供货国内头部电池企业,2025年销售额15亿元',
      },
    }),
    steps: toVerification('行业带动作用明显,择优推荐'),
    expect: 'onSiteVerification',
  },
  {
    submitter: 'yongxin-submitter',
    record: record('yongxin', {
      title: 'T1100级高强高模碳纤维',
      summary:
        '突破高强高模碳纤维干喷湿纺与高温石墨化技术,拉伸强度达到7.0吉帕,' +
        '产品性能达到国际同级水平,满足航空航天结构件需求。',
      category: 'techBreakthrough',
      domain: 'fibersComposites',
      levelClaim: 'domesticLeading',
      breaksMonopoly: true,
      completers: [
        ['钱丰', '教授级高级工程师'],
        ['陆佳', '工程师'],
      ],
      patents: ['ZL202110445566.2'],
      evidence: {
        replaces: '进口T1100级碳纤维',
        industrialization: '建成百吨级生产线,产品已通过航空结构件用户验证',
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      batchClose,
      office('RETURN_FOR_AMENDMENT', '请补充第三方检测机构出具的力学性能检测报告'),
      owner('RESUBMIT', '已补充国家碳纤维产品质量检验检测中心检测报告'),
    ],
    expect: 'eligibilityCheck',
  },
  {
    submitter: 'gangcheng-submitter',
    record: record('gangcheng', {
      title: '深水油气水下生产系统关键装备',
      summary:
        '研制1500米级水下采油树及其控制系统,突破高压密封与水下电液控制等关键技术,' +
        '在我国深水气田开发中实现工程应用。',
      category: 'majorApplication',
      domain: 'intelligentManufacturing',
      levelClaim: 'domesticLeading',
      breaksMonopoly: true,
      completers: [
        ['邵军', '高级工程师'],
        ['张海洋', '工程师'],
      ],
      patents: ['ZL202010334455.7'],
      evidence: {
        project: '国家深海油气开发重大工程',
        usage: '水下采油树及控制系统在南海某深水气田投入运行',
      },
    }),
    steps: [...toPublished(), office('REVOKE', '经调查,申报材料中的应用证明存在虚假陈述,依规撤销')],
    expect: 'revoked',
  },
  {
    submitter: 'gangcheng-submitter',
    record: record('gangcheng', {
      title: '超大型自动化集装箱码头岸桥远程操控系统',
      summary:
        '研制岸桥远程操控与智能理货系统,单机作业效率提升20%,实现司机远程一人多机操作,' +
        '在国家重大港口工程中规模化应用。',
      category: 'majorApplication',
      domain: 'intelligentManufacturing',
      levelClaim: 'domesticLeading',
      completers: [
        ['邵军', '高级工程师'],
        ['冯涛', '工程师'],
      ],
      patents: ['ZL202210990011.3'],
      evidence: {
        project: '国家综合立体交通网重大工程(某国际枢纽港自动化码头)',
        usage: '已在12台岸桥上投入运行',
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      owner('WITHDRAW', '应用数据尚在补充,拟在下一批次重新申报'),
    ],
    late: true,
    expect: 'withdrawn',
  },
  {
    submitter: 'nbmaterials-submitter',
    record: record('nbMaterials', {
      title: '无稀土高性能永磁材料的新机制',
      summary:
        '发现铁氮化合物中的新型磁晶各向异性增强机制,制备出不含稀土的高矫顽力永磁材料,' +
        '为降低永磁电机对稀土的依赖提供新路径。',
      category: 'basicResearch',
      domain: 'metalMagneticMaterials',
      levelClaim: 'internationalAdvanced',
      partners: ['西溪大学'],
      completers: [
        ['曹阳', '研究员'],
        ['彭飞', '副研究员'],
        ['吴桐', '副教授', 'xixi'],
      ],
      patents: ['ZL202310112200.4'],
      evidence: {
        papers: [{ journal: 'Nature Materials', year: 2025, doi: '10.5555/nmat.2025.0419' }],
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      batchClose,
      office('RAISE_DISPUTE', '合作单位对第三完成人的排序提出异议,待核实'),
    ],
    expect: 'suspended',
  },
  {
    submitter: 'oujiang-submitter',
    record: record('oujiangPharma', {
      title: 'KRAS G12D抑制剂一类创新药',
      summary:
        '自主设计高选择性KRAS G12D小分子抑制剂,临床前研究显示对胰腺癌模型具有显著抑瘤活性,' +
        '已获得临床试验批准。',
      category: 'techBreakthrough',
      domain: 'biomedicine',
      levelClaim: 'domesticLeading',
      fillsGap: true,
      completers: [
        ['潘雪', '研究员'],
        ['金晓东', '高级工程师'],
      ],
      patents: ['ZL202310445500.6'],
      evidence: {
        replaces: '国外同靶点在研药物',
        industrialization: '完成I期临床,与跨国药企签订对外授权协议,首付款1.5亿元',
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      batchClose,
      office('PASS_ELIGIBILITY', '形式审查通过'),
      experts(72, 68, 74, 70, 62),
    ],
    expect: 'rejected',
  },
  {
    submitter: 'oujiang-submitter',
    record: record('oujiangPharma', {
      title: '可降解镁合金冠脉支架',
      summary:
        '开发高强度可降解镁合金冠脉支架,植入后12个月内完全降解,避免金属支架长期留存带来的并发症。',
      category: 'techBreakthrough',
      domain: 'medicalDevices',
      levelClaim: 'domesticLeading',
      completers: [['潘雪', '研究员']],
      patents: ['ZL202210223300.9'],
      evidence: {
        replaces: '进口可降解冠脉支架',
        industrialization: '完成型式检验,正在开展多中心临床试验',
      },
    }),
    steps: [owner('SUBMIT'), recommender('DECLINE', '临床随访数据尚不完整,本批次不予推荐')],
    expect: 'rejected',
  },
  {
    submitter: 'ouyi-submitter',
    record: record('ouyi', {
      title: '遗传性视网膜病变致病新基因的发现与机制',
      summary:
        '在大规模家系队列中发现三个遗传性视网膜病变致病新基因,阐明其导致光感受器退行的分子机制,' +
        '为基因诊断与基因治疗提供依据。',
      category: 'basicResearch',
      domain: 'precisionMedicine',
      levelClaim: 'internationalAdvanced',
      completers: [
        ['叶青', '教授'],
        ['谢伟', '研究员'],
      ],
      patents: [],
      evidence: {
        papers: [
          { journal: 'The Lancet', year: 2025, doi: '10.5555/lancet.2025.0733' },
          { journal: 'Nature Genetics', year: 2024, doi: '10.5555/ng.2024.0912' },
        ],
      },
    }),
    steps: toPublished('原创性突出,择优推荐'),
    expect: 'published',
  },
  {
    submitter: 'ouyi-submitter',
    record: record('ouyi', {
      title: '肠道菌群调控抑郁症的神经免疫机制',
      summary: '揭示特定肠道菌群代谢物经迷走神经影响小胶质细胞活化并诱发抑郁样行为的通路。',
      category: 'basicResearch',
      domain: 'biomedicine',
      levelClaim: 'internationalAdvanced',
      completers: [['叶青', '教授']],
      patents: [],
      evidence: {
        papers: [{ journal: 'Cell Metabolism', year: 2026, doi: '10.5555/cmet.2026.0104' }],
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      batchClose,
      office('RETURN_FOR_AMENDMENT', '论文DOI与期刊信息不一致,请核对后重新提交'),
    ],
    expect: 'returned',
  },
  {
    submitter: 'equip-submitter',
    record: record('equipCenter', {
      title: '大型客机机身数字化柔性装配系统',
      summary:
        '研制大型客机机身部件数字化柔性装配系统,实现多机器人协同制孔与自动调姿对接,' +
        '装配效率提升40%,已应用于国产大型客机总装生产线。',
      category: 'majorApplication',
      domain: 'intelligentManufacturing',
      levelClaim: 'internationalAdvanced',
      breaksMonopoly: true,
      partners: ['浙江省先进制造研究院'],
      completers: [
        ['金涛', '研究员'],
        ['吴建民', '研究员', 'manufInst'],
      ],
      patents: ['ZL202110667700.2', 'ZL202210778800.5'],
      evidence: {
        project: '国家大型飞机重大专项',
        usage: '应用于国产大型客机机身部件总装生产线',
      },
    }),
    steps: toPublished(),
    expect: 'published',
  },
  {
    submitter: 'energy-submitter',
    record: record('energyInst', {
      title: '燃煤电厂烟气二氧化碳低能耗捕集技术',
      summary: '开发新型相变吸收剂,二氧化碳捕集再生能耗降至2.4吉焦/吨,完成千吨级中试。',
      category: 'techBreakthrough',
      domain: 'greenLowCarbon',
      levelClaim: 'domesticLeading',
      completers: [['董强', '研究员']],
      patents: ['ZL202310990022.8'],
      evidence: {
        replaces: '进口有机胺吸收剂',
        industrialization: '完成千吨级中试,尚未形成产业化应用',
      },
    }),
    steps: [
      owner('SUBMIT'),
      recommender('RECOMMEND', '同意推荐'),
      batchClose,
      office('REJECT', '尚未实现产业化应用,不符合技术突破类成果的申报条件'),
    ],
    expect: 'rejected',
  },
];

const EXPERT_COMMENTS = [
  '创新性突出,核心指标经第三方检测属实',
  '技术路线清晰,产业带动作用明显',
  '研究工作扎实,建议加强成果转化',
  '成果水平较高,应用前景良好',
  '部分指标对比依据不足,建议补充',
];

/** A sheet around an overall value, varied by criterion the way a real sheet is. */
function scoreSheet(value: number): Record<string, number> {
  const clamp = (v: number) => Math.max(0, Math.min(100, v));
  return {
    innovation: clamp(value + 2),
    advancement: clamp(value),
    significance: clamp(value + 1),
    benefit: clamp(value - 2),
    maturity: clamp(value - 3),
  };
}

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

export interface DemoLogin {
  username: string;
  displayName: string;
  roles: UserRole[];
  organization: string;
}

export type SeedDemoResult =
  | {
      seeded: true;
      organizations: number;
      logins: DemoLogin[];
      items: { id: string; title: string; state: AchievementState }[];
    }
  | { seeded: false; reason: string };

/**
 * Seeds the demo province through the application's services. Refuses (and changes nothing) when
 * a demo organisation or user exists, or when the database already holds achievements: the batch
 * close it performs would otherwise sweep up real items of the month.
 */
export async function seedDemo(app: INestApplicationContext): Promise<SeedDemoResult> {
  const orm = app.get(MikroORM);
  return RequestContext.create(orm.em, () => new DemoSeeder(app, orm).run());
}

class DemoSeeder {
  private readonly organizations: OrganizationsService;
  private readonly users: UsersService;
  private readonly achievements: AchievementsService;
  private readonly collection: CollectionService;
  private readonly partners: PartnersService;
  private readonly orgIds = new Map<string, string>();
  private readonly userByName = new Map<string, AuthUser>();

  constructor(
    app: INestApplicationContext,
    private readonly orm: MikroORM,
  ) {
    this.organizations = app.get(OrganizationsService);
    this.users = app.get(UsersService);
    this.achievements = app.get(AchievementsService);
    this.collection = app.get(CollectionService);
    this.partners = app.get(PartnersService);
  }

  async run(): Promise<SeedDemoResult> {
    const refusal = await this.refusal();
    if (refusal) return { seeded: false, reason: refusal };

    await this.createOrganizations();
    const logins = [...(await this.createUsers()), await this.createPartner()];

    const seeded: { item: DemoItem; id: string }[] = [];
    for (const item of DEMO_ITEMS) seeded.push({ item, id: await this.create(item) });
    const early = seeded.filter((s) => !s.item.late);
    const late = seeded.filter((s) => s.item.late);
    // Up to this month's batch close, for every item not meant to wait for the next batch; then
    // the close moves the batch on, and the items carry on from eligibility check.
    for (const { item, id } of early) await this.play(id, item, splitAtBatch(item.steps)[0]);
    await this.closeBatches(early.map((s) => s.id));
    for (const { item, id } of early) await this.play(id, item, splitAtBatch(item.steps)[1]);
    // Recommended after the close: these wait in `submitted` for the next month's batch.
    for (const { item, id } of late) await this.play(id, item, item.steps);

    const office = this.user('office');
    const items = [];
    for (const { item, id } of seeded) {
      const view = await this.achievements.get(office, id);
      if (view.state !== item.expect) {
        throw new Error(`演示成果「${view.title}」停在 ${view.state},应为 ${item.expect}`);
      }
      items.push({ id: view.id, title: view.title, state: view.state });
    }
    return { seeded: true, organizations: DEMO_ORGANIZATIONS.length, logins, items };
  }

  private async refusal(): Promise<string | null> {
    const orgNames = new Set((await this.organizations.list()).map((o) => o.name));
    const existingOrg = DEMO_ORGANIZATIONS.find((o) => orgNames.has(o.name));
    if (existingOrg) {
      return `演示数据已存在(已有单位「${existingOrg.name}」),未做任何修改。如需重新加载,请换用新的 DATA_DIR 或数据库。`;
    }
    const usernames = new Set((await this.users.list()).map((u) => u.username));
    const existingUser = DEMO_USERS.find((u) => usernames.has(u.username));
    if (existingUser) {
      return `演示数据已存在(已有用户「${existingUser.username}」),未做任何修改。如需重新加载,请换用新的 DATA_DIR 或数据库。`;
    }
    const achievements = await this.orm.em.fork().count(Achievement, {});
    if (achievements > 0) {
      return `数据库中已有 ${achievements} 项成果,演示数据只加载到空库中,未做任何修改。`;
    }
    return null;
  }

  private async createOrganizations(): Promise<void> {
    const department = (await this.organizations.list()).find(
      (o) => o.name === PROVINCIAL_DEPARTMENT,
    );
    if (!department) throw new Error(`未找到省级部门「${PROVINCIAL_DEPARTMENT}」`);
    this.orgIds.set(PROVINCE, department.id);
    for (const org of DEMO_ORGANIZATIONS) {
      const dto = await validateAs(CreateOrganizationDto, {
        name: org.name,
        type: org.type,
        city: org.city,
        ...(org.county ? { county: org.county } : {}),
        ...(org.reportsThrough ? { reportsThroughId: this.orgId(org.reportsThrough) } : {}),
      });
      this.orgIds.set(org.key, (await this.organizations.create(dto)).id);
    }
  }

  private async createUsers(): Promise<DemoLogin[]> {
    const logins: DemoLogin[] = [];
    for (const user of DEMO_USERS) {
      const dto = await validateAs(CreateUserDto, {
        username: user.username,
        password: DEMO_PASSWORD,
        displayName: user.displayName,
        organizationId: this.orgId(user.org),
        roles: user.roles,
      });
      // The demo's users keep the printed demo password: the operator chose it for a demo database,
      // so there is nobody to hide it from (docs/configuration.md). Real accounts an admin creates
      // must change theirs at the first login.
      const view = await this.users.create(dto, { mustChangePassword: false });
      this.userByName.set(user.username, {
        id: view.id,
        username: view.username,
        displayName: view.displayName,
        roles: view.roles,
        organizationId: view.organizationId,
      });
      logins.push({
        username: view.username,
        displayName: view.displayName,
        roles: view.roles,
        organization: view.organizationName,
      });
    }
    return logins;
  }

  /**
   * An enterprise that registered as a partner (对接方) on the public site and that the office
   * approved, as it would happen: registration with a valid credit code, then the office's decision.
   */
  private async createPartner(): Promise<DemoLogin> {
    const dto = await validateAs(RegisterPartnerDto, {
      organizationName: '杭州钱塘智造科技有限公司',
      creditCode: '91330100MA2H3K8L7W',
      contactPerson: '孙晓峰',
      phone: '0571-88001234',
      email: 'partner@example.com',
      kind: 'enterprise',
      username: 'partner',
      password: DEMO_PASSWORD,
    });
    const partner = await this.partners.register(dto, null);
    await this.partners.decide(this.user('office'), partner.id, { decision: 'approve' }, null);
    return {
      username: 'partner',
      displayName: '孙晓峰',
      roles: ['partner'],
      organization: '杭州钱塘智造科技有限公司',
    };
  }

  private async create(item: DemoItem): Promise<string> {
    const dto = await validateAs(AchievementRecordDto, item.record);
    return (await this.achievements.create(this.user(item.submitter), dto)).id;
  }

  /** Each step is an event by the user whose job it is, as if sent through the API. */
  private async play(id: string, item: DemoItem, steps: Step[]): Promise<void> {
    for (const step of steps) {
      switch (step.by) {
        case 'batch':
          throw new Error('batch close is handled by closeBatches');
        case 'experts':
          await this.score(id, step.scores);
          break;
        case 'recommender':
          await this.recommend(id, step);
          break;
        case 'owner':
        case 'office':
          await this.send(
            step.by === 'owner' ? this.user(item.submitter) : this.user('office'),
            id,
            {
              type: step.type,
              ...(step.comment ? { comment: step.comment } : {}),
            },
          );
          break;
      }
    }
  }

  /** Closes the collection period of every waiting item, as the monthly schedule would. */
  private async closeBatches(ids: string[]): Promise<void> {
    const office = this.user('office');
    const periods = new Set<string>();
    for (const id of ids) {
      const view = await this.achievements.get(office, id);
      if (view.state === 'submitted' && view.period) periods.add(view.period);
    }
    for (const period of periods) await this.collection.closePeriod(period, SYSTEM_ACTOR);
  }

  /** The experts of the panel the system assigned (conflicts excluded) score, in panel order. */
  private async score(id: string, values: number[]): Promise<void> {
    const experts = DEMO_USERS.filter((u) => u.roles.includes('expert')).map((u) =>
      this.user(u.username),
    );
    const assigned = (await this.achievements.get(this.user('office'), id)).scoring.panel ?? [];
    const panel = assigned.flatMap((expertId) => experts.filter((e) => e.id === expertId));
    if (panel.length < values.length) {
      throw new Error(
        `成果 ${id} 的评审专家组只有 ${panel.length} 人,少于 ${values.length} 份评分`,
      );
    }
    for (const [i, value] of values.entries()) {
      await this.send(panel[i], id, {
        type: 'SUBMIT_SCORE',
        data: {
          scores: scoreSheet(value),
          comment: EXPERT_COMMENTS[i % EXPERT_COMMENTS.length],
        },
      });
    }
  }

  private async send(
    user: AuthUser,
    id: string,
    body: Record<string, unknown>,
  ): Promise<TransitionView> {
    const dto = await validateAs(SendEventDto, body);
    try {
      return await this.achievements.sendEvent(user, id, dto);
    } catch (err) {
      const view = await this.achievements.get(this.user('office'), id);
      throw new Error(
        `演示成果「${view.title}」在 ${view.state} 状态下由 ${user.username} 发送 ${dto.type} 失败`,
        { cause: err },
      );
    }
  }

  /** A recommender's decision, by the body whose turn it is; RECOMMEND climbs the whole chain. */
  private async recommend(id: string, step: Extract<Step, { by: 'recommender' }>): Promise<void> {
    for (;;) {
      const { recommendation } = await this.achievements.get(this.user('office'), id);
      const body = recommendation.chain[recommendation.level];
      const user = [...this.userByName.values()].find(
        (u) => u.organizationId === body && u.roles.includes('recommender'),
      );
      if (!user) throw new Error(`演示数据中单位 ${body} 没有推荐人`);
      const result = await this.send(user, id, {
        type: step.type,
        ...(step.comment ? { comment: step.comment } : {}),
      });
      if (step.type !== 'RECOMMEND' || step.oneLevel || result.state !== 'recommendation') return;
    }
  }

  private orgId(key: string): string {
    const id = this.orgIds.get(key);
    if (!id) throw new Error(`unknown demo organisation ${key}`);
    return id;
  }

  private user(username: string): AuthUser {
    const user = this.userByName.get(username);
    if (!user) throw new Error(`unknown demo user ${username}`);
    return user;
  }
}

// ---------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------

const ROLE_LABELS: Record<UserRole, string> = {
  submitter: '成果申报',
  recommender: '推荐审核',
  officeStaff: '省厅工作人员',
  expert: '评审专家',
  admin: '系统管理员',
  securityAdmin: '安全管理员',
  auditAdmin: '审计管理员',
  partner: '对接方',
};

/** Terminal columns of a string: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell + ' '.repeat(widths[c] - displayWidth(cell)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(result: Extract<SeedDemoResult, { seeded: true }>): string {
  const byState = STATES.map((state) => {
    const items = result.items.filter((i) => i.state === state);
    return [`${STATE_LABELS[state]}(${state})`, String(items.length), items[0]?.title ?? ''];
  });
  return [
    `已加载演示数据:${result.organizations} 个单位、${result.logins.length} 个用户、${result.items.length} 项成果,覆盖全部 ${STATES.length} 个流程状态。`,
    '',
    formatTable(['状态', '数量', '示例'], byState),
    '',
    `演示账号(密码均为 ${DEMO_PASSWORD}):`,
    '',
    formatTable(
      ['用户名', '姓名', '角色', '单位'],
      result.logins.map((l) => [
        l.username,
        l.displayName,
        l.roles.map((r) => ROLE_LABELS[r]).join('、'),
        l.organization,
      ]),
    ),
    '',
    'admin、secadmin、auditadmin 账号不变,密码为 ADMIN_PASSWORD、SECURITY_ADMIN_PASSWORD、AUDIT_ADMIN_PASSWORD(未设置时见首次启动日志)。',
  ].join('\n');
}

async function main(): Promise<void> {
  // The same configuration as the server, minus cron: a seeding run must not fire cycles.
  const config = { ...loadConfig(), schedulerEnabled: false };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config }), {
    logger: ['error', 'warn'],
  });
  try {
    const result = await seedDemo(app);
    console.log(result.seeded ? formatReport(result) : result.reason);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('加载演示数据失败:', err);
    process.exitCode = 1;
  });
}
