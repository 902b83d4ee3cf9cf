import type { SqlEntityManager } from '@mikro-orm/knex';
import { randomUUID } from 'node:crypto';
import type { BenchWorld } from './engine';

/**
 * The people and bodies of a seeded province (issue #16): the bench world's four users are one
 * each of many. Eleven cities, each with its science bureau and one recommender (杭州's are the
 * bench world's); UNITS units spread over the cities, each reporting through its city's bureau and
 * with one submitter (the first is the bench world's enterprise); EXPERTS experts (the first is
 * the bench world's). A copied item is given one unit, its city's bureau, one expert, one of the
 * fifteen strategic domains and three categories, so each bench user sees the share of the
 * province a real one would: the submitter one unit in UNITS, the recommender one city in eleven,
 * the expert one seat in EXPERTS.
 */

export const CITIES = [
  '杭州',
  '宁波',
  '温州',
  '嘉兴',
  '湖州',
  '绍兴',
  '金华',
  '衢州',
  '舟山',
  '台州',
  '丽水',
] as const;
export const UNITS = 400;
export const EXPERTS = 100;
const CATEGORIES = ['techBreakthrough', 'basicResearch', 'majorApplication'] as const;
/**
 * The evidence of each category, as a copy stores it: a copy given another category than its
 * template's gets that category's fields, not the template's 卡脖子 ones (an item page would
 * show the category's fields 「未填写」 and the rules would check fields the item does not have).
 */
const EVIDENCE: Record<(typeof CATEGORIES)[number], Record<string, unknown>> = {
  techBreakthrough: { replaces: '进口同类产品', industrialization: '已量产,年销售额2亿元' },
  basicResearch: {
    papers: [{ journal: '中国科学:技术科学', year: 2025, doi: '10.1360/SST-2025-0001' }],
  },
  majorApplication: { project: '某国家重大科技基础设施', usage: '作为核心部件应用于装置主系统' },
};
const UNIT_TYPES = ['enterprise', 'enterprise', 'enterprise', 'university', 'researchInstitute'];
const UNIT_SUFFIX: Record<string, string> = {
  enterprise: '科技有限公司',
  university: '大学',
  researchInstitute: '研究院',
};

interface Party {
  orgId: string;
  orgName: string;
  userId: string;
}

export interface Province {
  units: (Party & { city: number })[];
  bureaus: Party[];
  experts: string[];
  domains: string[];
}

/** What the template's own bench parties are replaced with in copy `n`. */
export interface CopyParties {
  swap: Map<string, string>;
  city: string;
  domain: string;
  category: string;
  /** The copy's evidence (JSON, as the achievement row stores it), matching its category. */
  evidence: string;
}

type Knex = ReturnType<SqlEntityManager['getKnex']>;

/** Inserts the province's bureaus, units and users around the bench world (bulk, one transaction). */
export async function seedParties(knex: Knex, world: BenchWorld): Promise<Province> {
  type Row = Record<string, unknown>;
  const [submitter] = (await knex('app_user').where({ id: world.submitter.id })) as Row[];
  const [bench] = (await knex('organization').where({
    id: world.submitter.organizationId,
  })) as Row[];
  const [benchBureau] = (await knex('organization').where({
    id: world.recommender.organizationId,
  })) as Row[];
  const now = submitter.created_at;
  const orgs: Row[] = [];
  const users: Row[] = [];
  const user = (username: string, organizationId: string, role: string) => {
    const id = randomUUID();
    users.push({
      ...submitter,
      id,
      username,
      display_name: username,
      organization_id: organizationId,
      roles: JSON.stringify([role]),
      email: null,
    });
    return id;
  };
  const bureaus: Party[] = CITIES.map((city, i) => {
    if (i === 0) {
      return {
        orgId: world.recommender.organizationId,
        orgName: String(benchBureau.name),
        userId: world.recommender.id,
      };
    }
    const orgId = randomUUID();
    const orgName = `${city}市科学技术局`;
    orgs.push({ id: orgId, name: orgName, type: 'cityBureau', city, created_at: now });
    return { orgId, orgName, userId: user(`recommender-${i}`, orgId, 'recommender') };
  });
  const units = Array.from({ length: UNITS }, (_, i) => {
    const city = i % CITIES.length;
    if (i === 0) {
      return {
        orgId: world.submitter.organizationId,
        orgName: String(bench.name),
        userId: world.submitter.id,
        city,
      };
    }
    const type = UNIT_TYPES[i % UNIT_TYPES.length];
    const orgId = randomUUID();
    const orgName = `${CITIES[city]}第${i}${UNIT_SUFFIX[type]}`;
    orgs.push({
      id: orgId,
      name: orgName,
      type,
      city: CITIES[city],
      reports_through_id: bureaus[city].orgId,
      created_at: now,
    });
    return { orgId, orgName, userId: user(`submitter-${i}`, orgId, 'submitter'), city };
  });
  const [institute] = (await knex('app_user').where({ id: world.expert.id })) as Row[];
  const experts = [world.expert.id];
  for (let i = 1; i < EXPERTS; i++) {
    experts.push(user(`expert-${i}`, String(institute.organization_id), 'expert'));
  }
  await knex.transaction(async (trx) => {
    for (let i = 0; i < orgs.length; i += 200)
      await trx('organization').insert(orgs.slice(i, i + 200));
    for (let i = 0; i < users.length; i += 100)
      await trx('app_user').insert(users.slice(i, i + 100));
  });
  const domains = ((await knex('strategic_domain').select('key').orderBy('key')) as Row[]).map(
    (r) => String(r.key),
  );
  return { units, bureaus, experts, domains };
}

/** Spreads copy `n` over the province: its unit, bureau, expert, domain and category. */
export function partiesOf(province: Province, world: BenchWorld, n: number): CopyParties {
  // Multiplicative hashes, so that neighbouring copies (same template) land far apart.
  const unit = province.units[(n * 2_654_435_761) % province.units.length];
  const bureau = province.bureaus[unit.city];
  const expert = province.experts[(n * 40_503) % province.experts.length];
  const domain = province.domains[(n * 97) % province.domains.length];
  const category = CATEGORIES[(n * 31) % CATEGORIES.length];
  const swap = new Map<string, string>([
    [world.submitter.organizationId, unit.orgId],
    [world.submitter.id, unit.userId],
    [province.units[0].orgName, unit.orgName],
    [world.recommender.organizationId, bureau.orgId],
    [world.recommender.id, bureau.userId],
    [world.expert.id, expert],
    ['integratedCircuits', domain],
    ['techBreakthrough', category],
  ]);
  return {
    swap,
    city: CITIES[unit.city],
    domain,
    category,
    evidence: JSON.stringify(EVIDENCE[category]),
  };
}
