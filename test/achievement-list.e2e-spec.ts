import {
  ItemDriver,
  basicResearch,
  buildWorld,
  majorApplication,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

interface Summary {
  id: string;
  state: string;
  category: string;
  domain: { key: string };
  city: string;
  title: string;
}

describe('GET /api/achievements: filters and paging', () => {
  let t: TestApp;
  let w: World;
  /** Every item made here, oldest first. */
  const made: { id: string; title: string }[] = [];
  let chip: ItemDriver;
  let polymer: string;
  let optics: string;
  let percent: string;

  const create = async (who: Login, body: Record<string, unknown>) => {
    const res = await t.http().post('/api/achievements').set(who.auth).send(body).expect(201);
    made.push({ id: res.body.id, title: body.title as string });
    // Distinct creation times, so that "newest first" is a fact of the data and not of ties.
    t.clock.advance(60_000);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    chip = new ItemDriver(
      t,
      w,
      await create(
        w.submitter,
        techBreakthrough({ title: 'SiC 功率芯片', summary: '摘要独有词:耐高压' }),
      ),
    );
    await chip.toSubmitted();
    polymer = await create(
      w.nbSubmitter,
      basicResearch({ title: '可降解高分子', summary: '见 sample_data 附件' }),
    );
    optics = await create(w.uniSubmitter, majorApplication({ title: '大口径光学元件' }));
    percent = await create(
      w.submitter,
      techBreakthrough({ title: '国产化率100%的传感器', domain: 'advancedPolymers' }),
    );
    for (let i = 0; i < 5; i++) {
      await create(w.uniSubmitter, basicResearch({ title: `基础研究${i}` }));
    }
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string | number>, who: Login = w.office) =>
    (await t.http().get('/api/achievements').query(query).set(who.auth).expect(200)).body as {
      items: Summary[];
      nextCursor: string | null;
    };
  const ids = async (query: Record<string, string | number>) =>
    (await list({ limit: 100, ...query })).items.map((i) => i.id).sort();
  const sorted = (...values: string[]) => [...values].sort();

  it('filters by state', async () => {
    expect(await ids({ state: 'submitted' })).toEqual([chip.id]);
    expect(await ids({ state: 'draft' })).toEqual(
      sorted(...made.map((m) => m.id).filter((id) => id !== chip.id)),
    );
    expect(await ids({ state: 'published' })).toEqual([]);
  });

  it('filters by category', async () => {
    expect(await ids({ category: 'majorApplication' })).toEqual([optics]);
    expect(await ids({ category: 'techBreakthrough' })).toEqual(sorted(chip.id, percent));
  });

  it('filters by strategic domain', async () => {
    expect(await ids({ domain: 'integratedCircuits' })).toEqual([chip.id]);
    expect(await ids({ domain: 'intelligentManufacturing' })).toEqual([optics]);
    const polymers = await list({ domain: 'advancedPolymers', limit: 100 });
    expect(polymers.items.every((i) => i.domain.key === 'advancedPolymers')).toBe(true);
    expect(polymers.items.map((i) => i.id)).toEqual(expect.arrayContaining([polymer, percent]));
  });

  it('filters by the owning unit’s city', async () => {
    expect(await ids({ city: '宁波' })).toEqual([polymer]);
    const hangzhou = await list({ city: '杭州', limit: 100 });
    expect(hangzhou.items).toHaveLength(made.length - 1);
    expect(hangzhou.items.every((i) => i.city === '杭州')).toBe(true);
  });

  it('searches title and summary for q', async () => {
    expect(await ids({ q: '功率芯片' })).toEqual([chip.id]);
    expect(await ids({ q: '耐高压' })).toEqual([chip.id]);
    expect(await ids({ q: '不存在的词' })).toEqual([]);
  });

  it('searches without regard to case, on both databases', async () => {
    expect(await ids({ q: 'sic' })).toEqual([chip.id]);
    expect(await ids({ q: 'SIC 功率' })).toEqual([chip.id]);
  });

  it('takes % and _ in q as the characters they are', async () => {
    expect(await ids({ q: '100%' })).toEqual([percent]);
    expect(await ids({ q: '%' })).toEqual([percent]);
    expect(await ids({ q: 'sample_data' })).toEqual([polymer]);
    expect(await ids({ q: '_' })).toEqual([polymer]);
  });

  it('combines filters', async () => {
    expect(await ids({ category: 'techBreakthrough', city: '杭州', q: '传感器' })).toEqual([
      percent,
    ]);
    expect(await ids({ category: 'basicResearch', city: '宁波', state: 'submitted' })).toEqual([]);
  });

  it('pages newest first with limit and cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await list({
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(made.map((m) => m.id).reverse());
    expect(pages).toBe(Math.ceil(made.length / 3));

    // A filter holds on every page.
    const firstDrafts = await list({ state: 'draft', limit: 2 });
    const nextDrafts = await list({ state: 'draft', limit: 2, cursor: firstDrafts.nextCursor! });
    expect([...firstDrafts.items, ...nextDrafts.items].every((i) => i.state === 'draft')).toBe(
      true,
    );
  });
});
