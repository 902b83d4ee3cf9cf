import { ROLES, STATES } from '../workflows/achievement.machine';
import { DEMO_PASSWORD, seedDemo, type SeedDemoResult } from '../scripts/seed-demo';
import {
  ADMIN_PASSWORD,
  createTestApp,
  SECURITY_ADMIN_PASSWORD,
  type TestApp,
} from './support/test-app';
import { login, type Login } from './support/world';

type Seeded = Extract<SeedDemoResult, { seeded: true }>;

interface Item {
  id: string;
  state: string;
  category: string;
  domain: { key: string };
}

/** Every item the caller can see, following the cursor to the end. */
async function listAll(t: TestApp, who: Login, query: Record<string, string> = {}) {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const res: { body: { items: Item[]; nextCursor: string | null } } = await t
      .http()
      .get('/api/achievements')
      .query({ ...query, limit: 100, ...(cursor ? { cursor } : {}) })
      .set(who.auth)
      .expect(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe('demo province seed (npm run seed:demo)', () => {
  let t: TestApp;
  let first: SeedDemoResult;
  let office: Login;

  beforeAll(async () => {
    t = await createTestApp();
    first = await seedDemo(t.app);
    office = await login(t, 'office', DEMO_PASSWORD);
  }, 180_000);
  afterAll(() => t.close());

  it('puts at least one item in every state, seen by the office through the API', async () => {
    expect(first.seeded).toBe(true);
    const empty = [];
    for (const state of STATES) {
      const items = await listAll(t, office, { state });
      if (items.length === 0) empty.push(state);
      expect(items.every((i) => i.state === state)).toBe(true);
    }
    expect(empty).toEqual([]);
  });

  it('covers all three categories and several strategic domains', async () => {
    const items = await listAll(t, office);
    expect((first as Seeded).items).toHaveLength(items.length);
    expect(new Set(items.map((i) => i.category))).toEqual(
      new Set(['basicResearch', 'techBreakthrough', 'majorApplication']),
    );
    expect(new Set(items.map((i) => i.domain.key)).size).toBeGreaterThanOrEqual(5);
  });

  it('leaves an audit trail that verifies', async () => {
    const res = await t.http().get('/api/audit/verify').set(office.auth).expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBeGreaterThan(0);
  });

  it('gives a working login for every role, with the demo password', async () => {
    const logins = (first as Seeded).logins;
    for (const role of ROLES) {
      const user = logins.find((l) => l.roles.includes(role));
      expect(user).toBeDefined();
      const session = await login(t, user!.username, DEMO_PASSWORD);
      const me = await t.http().get('/api/auth/me').set(session.auth).expect(200);
      expect(me.body.roles).toContain(role);
    }
  });

  it('recommends up the reporting chain: the county bureau has passed it on to the city bureau', async () => {
    const hz = await login(t, 'hz-recommender', DEMO_PASSWORD);
    const yuhang = await login(t, 'yuhang-recommender', DEMO_PASSWORD);
    const waiting = await listAll(t, hz, { state: 'recommendation' });
    expect(waiting).toHaveLength(1);
    const id = waiting[0].id;

    const atCity = await t.http().get(`/api/achievements/${id}`).set(hz.auth).expect(200);
    expect(atCity.body.allowedEvents).toEqual(
      expect.arrayContaining(['RECOMMEND', 'DECLINE', 'RETURN_FOR_AMENDMENT']),
    );
    const atCounty = await t.http().get(`/api/achievements/${id}`).set(yuhang.auth).expect(200);
    expect(atCounty.body.allowedEvents).not.toContain('RECOMMEND');

    const history = await t.http().get(`/api/achievements/${id}/history`).set(hz.auth).expect(200);
    expect(
      history.body.map((h: { eventType: string; actorId: string }) => [h.eventType, h.actorId]),
    ).toEqual([
      ['CREATE', expect.any(String)],
      ['SUBMIT', expect.any(String)],
      ['RECOMMEND', yuhang.id],
    ]);
  });

  it('shows published items in the public catalogue', async () => {
    const published = await listAll(t, office, { state: 'published' });
    const res = await t.http().get('/api/public/achievements').query({ limit: 100 }).expect(200);
    expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      published.map((i) => i.id).sort(),
    );
  });

  it('refuses a second run and duplicates nothing', async () => {
    const admin = await login(t, 'admin', ADMIN_PASSWORD);
    const securityAdmin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
    const count = async () => ({
      items: (await listAll(t, office)).length,
      organizations: (await t.http().get('/api/organizations').set(admin.auth).expect(200)).body
        .length,
      users: (await t.http().get('/api/users').set(securityAdmin.auth).expect(200)).body.length,
      audit: (await t.http().get('/api/audit/verify').set(office.auth).expect(200)).body.checked,
    });
    const before = await count();

    const second = await seedDemo(t.app);

    expect(second.seeded).toBe(false);
    expect(second.seeded === false && second.reason).toMatch(/演示数据已存在/);
    expect(await count()).toEqual(before);
  });
});
