import type { Faker } from '@faker-js/faker';
import type { ApiClient, Session } from './api-client';
import { SIMULATED_DOMAINS } from './achievement-texts';
import { mapLimit } from './concurrency';

export const PASSWORD = 'Sim-pass-2027!';
/** What the admin gives each user; replaced at the first login. */
const INITIAL_PASSWORD = 'Sim-start-2027!';

export interface Body {
  id: string;
  name: string;
  type: string;
  city: string;
  /** The bodies that recommend this one's items, lowest first; empty for a recommending body. */
  chain: string[];
  /** Whether it reports to the province directly (a collecting body with its own monthly duty). */
  collecting: boolean;
  /** Whether its staff submit items (every body but the bureaus). */
  submits: boolean;
}

export interface Province {
  admin: Session;
  office: Session[];
  bodies: Map<string, Body>;
  /** Organisation id → the session of its submitter / recommender. */
  submitters: Map<string, Session>;
  recommenders: Map<string, Session>;
  experts: Session[];
  expertOrg: Map<string, string>;
}

const DIRECT_BODIES: {
  type: string;
  count: number;
  name: (f: Faker, city: string, i: number) => string;
}[] = [
  {
    type: 'university',
    count: 14,
    name: (_f, city, i) =>
      `${city}${['理工', '工业', '科技', '师范', '医科', '农林', '海洋'][i % 7]}大学`,
  },
  {
    type: 'provincialLab',
    count: 10,
    name: (_f, city, i) =>
      `${['之江', '西湖', '良渚', '白马湖', '湖畔', '甬江', '瓯江', '天目山', '东海', '北湖'][i % 10]}实验室(${city})`,
  },
  {
    type: 'techInnovationCenter',
    count: 8,
    name: (_f, city, i) =>
      `浙江省${['集成电路', '智能制造', '新材料', '生物医药', '新能源', '智能感知', '高端装备', '绿色低碳'][i % 8]}技术创新中心(${city})`,
  },
  {
    type: 'newRdInstitution',
    count: 14,
    name: (f, city) =>
      `${city}${f.helpers.arrayElement(['先进技术', '智能装备', '新材料', '生命科学', '数字经济'])}研究院`,
  },
  {
    type: 'researchInstitute',
    count: 8,
    name: (f, city) =>
      `浙江省${f.helpers.arrayElement(['化工', '机械', '电子信息', '农业科学', '医学科学'])}研究院(${city})`,
  },
  {
    type: 'industryDepartment',
    count: 4,
    name: (_f, _city, i) =>
      `浙江省${['经济和信息化厅', '农业农村厅', '卫生健康委员会', '交通运输厅'][i % 4]}`,
  },
  {
    type: 'industryAssociation',
    count: 4,
    name: (_f, _city, i) =>
      `浙江省${['半导体行业协会', '机械工业联合会', '新材料产业协会', '医药行业协会'][i % 4]}`,
  },
  { type: 'enterprise', count: 10, name: (f, city) => `${city}${f.company.name()}(链主企业)` },
];

/**
 * Builds a province through the admin API: the 11 city bureaus with their county bureaus and
 * enterprises, the bodies that report to the province directly (universities, laboratories,
 * innovation centres, new R&D institutions, industry departments and associations, leading
 * enterprises), their users, the office, and the expert pool across the strategic fields.
 */
export async function buildProvince(
  api: ApiClient,
  f: Faker,
  adminPassword: string,
  scale: number,
): Promise<Province> {
  const admin = await api.login('admin', adminPassword);
  // Accounts are the security administrator's; the simulation gives it the same password.
  const securityAdmin = await api.login('secadmin', adminPassword);
  const cities = (await api.get<{ name: string }[]>(admin, '/api/reference/cities')).map(
    (c) => c.name,
  );
  const provincial = (
    await api.get<{ id: string; type: string }[]>(admin, '/api/organizations')
  ).find((o) => o.type === 'provincialDepartment');
  if (!provincial) throw new Error('省级部门不存在');

  const bodies = new Map<string, Body>();
  const org = async (body: Omit<Body, 'id'> & { county?: string; reportsThroughId?: string }) => {
    const { id } = await api.post<{ id: string }>(admin, '/api/organizations', {
      name: body.name,
      type: body.type,
      city: body.city,
      ...(body.county ? { county: body.county } : {}),
      ...(body.reportsThroughId ? { reportsThroughId: body.reportsThroughId } : {}),
    });
    const created: Body = {
      id,
      name: body.name,
      type: body.type,
      city: body.city,
      chain: body.chain,
      collecting: body.collecting,
      submits: body.submits,
    };
    bodies.set(id, created);
    return created;
  };

  const countiesPerCity = Math.max(1, Math.round(3 * scale));
  const enterprisesPerCounty = Math.max(1, Math.round(5 * scale));
  for (const city of cities) {
    const bureau = await org({
      name: `${city}市科学技术局`,
      type: 'cityBureau',
      city,
      chain: [],
      collecting: true,
      submits: false,
    });
    for (let c = 0; c < countiesPerCity; c++) {
      const county = `${city}${['东', '西', '南', '北', '中'][c % 5]}${c >= 5 ? c : ''}区`;
      const countyBureau = await org({
        name: `${county}科学技术局`,
        type: 'countyBureau',
        city,
        county,
        reportsThroughId: bureau.id,
        chain: [],
        collecting: false,
        submits: false,
      });
      for (let e = 0; e < enterprisesPerCounty; e++) {
        await org({
          name: `${f.company.name()}`.replace(/无限/g, '有限') + `(${county})`,
          type: 'enterprise',
          city,
          county,
          reportsThroughId: countyBureau.id,
          chain: [countyBureau.id, bureau.id],
          collecting: false,
          submits: true,
        });
      }
    }
  }
  for (const kind of DIRECT_BODIES) {
    for (let i = 0; i < Math.max(1, Math.round(kind.count * scale)); i++) {
      const city = cities[(i * 7 + kind.type.length) % cities.length];
      await org({
        name: kind.name(f, city, i),
        type: kind.type,
        city,
        chain: [],
        collecting: true,
        submits: true,
      });
    }
  }

  const user = async (username: string, organizationId: string, roles: string[]) => {
    await api.post(securityAdmin, '/api/users', {
      username,
      password: INITIAL_PASSWORD,
      displayName: f.person.fullName(),
      organizationId,
      roles,
    });
    return api.firstLogin(username, INITIAL_PASSWORD, PASSWORD);
  };
  const submitters = new Map<string, Session>();
  const recommenders = new Map<string, Session>();
  const jobs: (() => Promise<void>)[] = [];
  let n = 0;
  for (const body of bodies.values()) {
    const roles = [
      ...(body.submits ? ['submitter'] : []),
      ...(body.submits && body.chain.length > 0 ? [] : ['recommender']),
    ];
    const username = `u${String(++n).padStart(3, '0')}`;
    jobs.push(async () => {
      const session = await user(username, body.id, roles);
      if (roles.includes('submitter')) submitters.set(body.id, session);
      if (roles.includes('recommender')) recommenders.set(body.id, session);
    });
  }
  const office = [
    await user('office1', provincial.id, ['officeStaff']),
    await user('office2', provincial.id, ['officeStaff']),
  ];

  // Experts sit in the bodies that also submit (universities, institutes, laboratories), so some
  // conflicts of interest arise naturally and must be avoided by the panel solver.
  const expertHomes = [...bodies.values()].filter((b) =>
    ['university', 'researchInstitute', 'provincialLab', 'newRdInstitution'].includes(b.type),
  );
  const expertCount = Math.max(12, Math.round(60 * scale));
  const experts: Session[] = [];
  const expertOrg = new Map<string, string>();
  for (let i = 0; i < expertCount; i++) {
    const home = expertHomes[i % expertHomes.length];
    const domains = [
      SIMULATED_DOMAINS[i % SIMULATED_DOMAINS.length],
      SIMULATED_DOMAINS[(i + 2) % SIMULATED_DOMAINS.length],
      SIMULATED_DOMAINS[(i + 5) % SIMULATED_DOMAINS.length],
    ];
    jobs.push(async () => {
      const expert = await user(`expert${String(i + 1).padStart(2, '0')}`, home.id, ['expert']);
      await api.put(admin, `/api/experts/${expert.id}/profile`, {
        domains: [...new Set(domains)],
        title: f.helpers.arrayElement(['研究员', '教授', '教授级高工']),
        declaredConflicts: [],
        active: true,
      });
      experts.push(expert);
      expertOrg.set(expert.id, home.id);
    });
  }
  await mapLimit(jobs, 3, (job) => job());
  experts.sort((a, b) => a.username.localeCompare(b.username));
  return { admin, office, bodies, submitters, recommenders, experts, expertOrg };
}
