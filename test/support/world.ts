import type { TestApp } from './test-app';

/**
 * What the helpers below need of an app: its HTTP client. The in-process app, or the built server
 * (`{ http: () => request(base) }`) for the crash tier.
 */
export type HttpTarget = Pick<TestApp, 'http'>;
import { ADMIN_PASSWORD, AUDIT_ADMIN_PASSWORD, SECURITY_ADMIN_PASSWORD } from './test-app';

export interface Login {
  id: string;
  token: string;
  auth: { Authorization: string };
  organizationId: string;
}

export async function login(t: HttpTarget, username: string, password: string): Promise<Login> {
  const res = await t.http().post('/api/auth/login').send({ username, password }).expect(200);
  const token = res.body.accessToken as string;
  const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
  return {
    id: me.body.id,
    token,
    auth: { Authorization: `Bearer ${token}` },
    organizationId: me.body.organizationId,
  };
}

/** The password an admin gives a new user; it must be replaced at the first login. */
export const INITIAL_PASSWORD = 'Start-Heron-2026!';
/** The password every fixture user sets for themselves at the first login. */
export const PASSWORD = 'Heron-Lake-2026!';

/**
 * What a new user does first: logs in with the password the admin chose and sets their own (until
 * then every other route answers 403).
 */
export async function setOwnPassword(
  t: HttpTarget,
  username: string,
  initial = INITIAL_PASSWORD,
  own = PASSWORD,
): Promise<void> {
  const first = await t
    .http()
    .post('/api/auth/login')
    .send({ username, password: initial })
    .expect(200);
  await t
    .http()
    .post('/api/auth/password')
    .set('Authorization', `Bearer ${first.body.accessToken}`)
    .send({ currentPassword: initial, newPassword: own })
    .expect(204);
}

/** A user the admin just created (with INITIAL_PASSWORD), after setting their own password. */
export async function firstLogin(t: HttpTarget, username: string): Promise<Login> {
  await setOwnPassword(t, username);
  return login(t, username, PASSWORD);
}

/** A user made by the security administrator through the API, logged in. */
export async function addUser(
  t: HttpTarget,
  securityAdmin: Login,
  username: string,
  organizationId: string,
  roles: string[],
): Promise<Login> {
  await t
    .http()
    .post('/api/users')
    .set(securityAdmin.auth)
    .send({ username, password: INITIAL_PASSWORD, displayName: username, organizationId, roles })
    .expect(201);
  return firstLogin(t, username);
}
/** The strategic fields the fixtures use; the world's five experts cover them. */
export const WORLD_DOMAINS = ['integratedCircuits', 'advancedPolymers', 'intelligentManufacturing'];

/**
 * A small province built through the real admin API (organisations by the system administrator,
 * accounts by the security administrator): a city bureau with an enterprise under it, a
 * university that reports directly, the provincial office, five experts from five institutes,
 * and a unit in another city whose staff must not see Hangzhou's items.
 */
export async function buildWorld(t: HttpTarget) {
  const admin = await login(t, 'admin', ADMIN_PASSWORD);
  const securityAdmin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
  const auditAdmin = await login(t, 'auditadmin', AUDIT_ADMIN_PASSWORD);
  const org = async (body: Record<string, unknown>) =>
    (await t.http().post('/api/organizations').set(admin.auth).send(body).expect(201)).body as {
      id: string;
    };
  const user = (username: string, organizationId: string, roles: string[]) =>
    addUser(t, securityAdmin, username, organizationId, roles);

  const hzBureau = await org({ name: '杭州市科学技术局', type: 'cityBureau', city: '杭州' });
  const enterprise = await org({
    name: '某某科技有限公司',
    type: 'enterprise',
    city: '杭州',
    reportsThroughId: hzBureau.id,
  });
  const university = await org({ name: '某某大学', type: 'university', city: '杭州' });
  const nbBureau = await org({ name: '宁波市科学技术局', type: 'cityBureau', city: '宁波' });
  const nbEnterprise = await org({
    name: '宁波某某材料有限公司',
    type: 'enterprise',
    city: '宁波',
    reportsThroughId: nbBureau.id,
  });
  const province = (await t.http().get('/api/organizations').set(admin.auth).expect(200)).body.find(
    (o: { type: string }) => o.type === 'provincialDepartment',
  ) as { id: string };

  const experts = [];
  for (let i = 1; i <= 5; i++) {
    const inst = await org({ name: `某某研究院${i}`, type: 'researchInstitute', city: '杭州' });
    const expert = await user(`expert${i}`, inst.id, ['expert']);
    // Expertise in the fields of the fixtures below, so that assignment picks these five.
    await t
      .http()
      .put(`/api/experts/${expert.id}/profile`)
      .set(admin.auth)
      .send({ domains: WORLD_DOMAINS, title: '研究员', declaredConflicts: [], active: true })
      .expect(200);
    experts.push(expert);
  }

  return {
    admin,
    securityAdmin,
    auditAdmin,
    orgs: { hzBureau, enterprise, university, nbBureau, nbEnterprise, province },
    submitter: await user('submitter', enterprise.id, ['submitter']),
    recommender: await user('recommender', hzBureau.id, ['recommender']),
    office: await user('office', province.id, ['officeStaff']),
    uniSubmitter: await user('uni-submitter', university.id, ['submitter']),
    uniRecommender: await user('uni-recommender', university.id, ['recommender']),
    nbSubmitter: await user('nb-submitter', nbEnterprise.id, ['submitter']),
    nbRecommender: await user('nb-recommender', nbBureau.id, ['recommender']),
    ownExpert: await user('own-expert', enterprise.id, ['expert']),
    experts,
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/**
 * A second member of the provincial office (`office2`), for the four-eyes rule: who submits an
 * edition for review may not issue it. Not in buildWorld, so that the office's notification
 * counts elsewhere stay as they are.
 */
export function addSecondOffice(t: HttpTarget, w: World): Promise<Login> {
  return addUser(t, w.securityAdmin, 'office2', w.orgs.province.id, ['officeStaff']);
}

/** The example body of the API contract, accepted as written. */
export function techBreakthrough(overrides: Record<string, unknown> = {}) {
  return {
    title: '高性能碳化硅功率芯片',
    summary: '突破碳化硅MOSFET关键工艺,实现车规级量产。',
    category: 'techBreakthrough',
    domain: 'integratedCircuits',
    levelClaim: 'domesticLeading',
    breaksMonopoly: true,
    completingUnits: [{ name: '某某科技有限公司' }],
    completers: [{ name: '李四', unit: '某某科技有限公司' }],
    ip: { owner: '某某科技有限公司', patents: ['ZL202310000000.1'], noDispute: true },
    evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产,年销售额2亿元' },
    ...overrides,
  };
}

export function basicResearch(overrides: Record<string, unknown> = {}) {
  return techBreakthrough({
    title: '新型拓扑量子材料的发现',
    category: 'basicResearch',
    domain: 'advancedPolymers',
    levelClaim: 'internationalAdvanced',
    evidence: { papers: [{ journal: 'Nature', year: 2026, doi: '10.1038/s41586-026-01234-5' }] },
    ...overrides,
  });
}

export function majorApplication(overrides: Record<string, unknown> = {}) {
  return techBreakthrough({
    title: '大口径光学元件超精密加工技术',
    category: 'majorApplication',
    domain: 'intelligentManufacturing',
    evidence: { project: '某国家重大科技基础设施', usage: '作为核心光学部件投入运行' },
    ...overrides,
  });
}

export const scoreSheet = (value: number) => ({
  innovation: value,
  advancement: value,
  significance: value,
  benefit: value,
  maturity: value,
});

/** Drives one item through the API, each step by the user whose job it is. */
export class ItemDriver {
  constructor(
    private readonly t: HttpTarget,
    private readonly w: World,
    readonly id: string,
  ) {}

  static async create(t: HttpTarget, w: World, body = techBreakthrough()): Promise<ItemDriver> {
    const res = await t
      .http()
      .post('/api/achievements')
      .set(w.submitter.auth)
      .send(body)
      .expect(201);
    return new ItemDriver(t, w, res.body.id);
  }

  send(who: Login, type: string, extra: Record<string, unknown> = {}) {
    return this.t
      .http()
      .post(`/api/achievements/${this.id}/events`)
      .set(who.auth)
      .send({ type, ...extra });
  }

  async ok(who: Login, type: string, extra: Record<string, unknown> = {}) {
    const res = await this.send(who, type, extra);
    if (res.status !== 200) throw new Error(`${type} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { state: string; version: number; allowedEvents: string[] };
  }

  async get(who: Login = this.w.office) {
    return (await this.t.http().get(`/api/achievements/${this.id}`).set(who.auth).expect(200)).body;
  }

  async toSubmitted() {
    await this.ok(this.w.submitter, 'SUBMIT');
    return this.ok(this.w.recommender, 'RECOMMEND');
  }

  async toEligibility() {
    await this.toSubmitted();
    return this.ok(this.w.office, 'BATCH_CLOSE');
  }

  async toScoring() {
    await this.toEligibility();
    return this.ok(this.w.office, 'PASS_ELIGIBILITY');
  }

  async score(values: number[]) {
    let last;
    for (const [i, v] of values.entries()) {
      last = await this.ok(this.w.experts[i], 'SUBMIT_SCORE', { data: { scores: scoreSheet(v) } });
    }
    return last;
  }

  async toVerification() {
    await this.toScoring();
    return this.score([90, 88, 85, 80, 92]);
  }

  async toLibrary() {
    await this.toVerification();
    return this.ok(this.w.office, 'CONFIRM_VERIFICATION');
  }

  async toPublished() {
    await this.toLibrary();
    return this.ok(this.w.office, 'PUBLISH');
  }
}
