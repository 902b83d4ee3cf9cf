import { REFERENCE_SEED } from '../migrations/data/reference-seed';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

describe('editable reference lists (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('seeds the three highlands with fifteen provisional fields, which the admin corrects', async () => {
    const domains = (await t.http().get('/api/reference/domains').set(w.submitter.auth).expect(200))
      .body;
    expect(domains).toHaveLength(15);
    // The rows are the repo's seed file, in its order.
    expect(
      domains.map((d: { key: string; name: string; highland: string }) => ({
        key: d.key,
        name: d.name,
        highland: d.highland,
      })),
    ).toEqual(REFERENCE_SEED.domains);
    expect(new Set(domains.map((d: { highland: string }) => d.highland))).toEqual(
      new Set(['互联网+', '生命健康', '新材料']),
    );
    expect(domains.every((d: { provisional: boolean }) => d.provisional)).toBe(true);

    await t
      .http()
      .patch('/api/reference/domains/biomedicine')
      .set(w.office.auth)
      .send({ name: 'x' })
      .expect(403);
    const fixed = await t
      .http()
      .patch('/api/reference/domains/biomedicine')
      .set(w.admin.auth)
      .send({ name: '生物医药与创新药', provisional: false })
      .expect(200);
    expect(fixed.body).toMatchObject({
      key: 'biomedicine',
      name: '生物医药与创新药',
      provisional: false,
    });
    await t
      .http()
      .post('/api/reference/domains')
      .set(w.admin.auth)
      .send({ key: 'quantumTech', name: '量子信息', highland: '互联网+' })
      .expect(201);
    await t
      .http()
      .post('/api/reference/domains')
      .set(w.admin.auth)
      .send({ key: 'Bad Key', name: '', highland: '火星' })
      .expect(400)
      .expect((res) =>
        expect(Object.keys(res.body.errors).sort()).toEqual(['highland', 'key', 'name']),
      );
    // A retired field is no longer offered and no longer accepted on new items.
    await t
      .http()
      .patch('/api/reference/domains/quantumTech')
      .set(w.admin.auth)
      .send({ active: false })
      .expect(200);
    const active = (await t.http().get('/api/reference/domains').set(w.submitter.auth).expect(200))
      .body;
    expect(active.map((d: { key: string }) => d.key)).not.toContain('quantumTech');
    await t
      .http()
      .post('/api/achievements')
      .set(w.submitter.auth)
      .send(techBreakthrough({ domain: 'quantumTech' }))
      .expect(400)
      .expect((res) => expect(Object.keys(res.body.errors)).toEqual(['domain']));
  });

  it('keeps category and organisation-type names as editable labels', async () => {
    const categories = (
      await t.http().get('/api/reference/labels?kind=category').set(w.submitter.auth).expect(200)
    ).body;
    expect(categories.map((c: { key: string; label: string }) => [c.key, c.label])).toEqual([
      ['basicResearch', '基础研究类'],
      ['techBreakthrough', '技术突破类'],
      ['majorApplication', '重大应用类'],
    ]);
    const types = (
      await t
        .http()
        .get('/api/reference/labels?kind=organizationType')
        .set(w.admin.auth)
        .expect(200)
    ).body;
    expect(types).toHaveLength(12);
    expect(types.map((l: { key: string; label: string }) => [l.key, l.label])).toEqual(
      REFERENCE_SEED.organizationTypes.map((l) => [l.key, l.label]),
    );
    // A renamed type is what people see: the organisation list and the office's period status.
    await t
      .http()
      .patch('/api/reference/labels/organizationType/university')
      .set(w.admin.auth)
      .send({ label: '普通高等学校' })
      .expect(200);
    const university = (
      (await t.http().get('/api/organizations').set(w.submitter.auth).expect(200)).body as {
        name: string;
        typeLabel: string;
      }[]
    ).find((o) => o.name === '某某大学');
    expect(university?.typeLabel).toBe('普通高等学校');
    const status = await t
      .http()
      .get('/api/collection/periods/2026-11/status')
      .set(w.office.auth)
      .expect(200);
    expect(
      status.body.bodies.find(
        (b: { organization: { name: string } }) => b.organization.name === '某某大学',
      ).organization.typeLabel,
    ).toBe('普通高等学校');
    await t.http().get('/api/reference/labels?kind=planet').set(w.admin.auth).expect(400);
    await t
      .http()
      .patch('/api/reference/labels/category/majorApplication')
      .set(w.submitter.auth)
      .send({ label: 'x' })
      .expect(403);
    const renamed = await t
      .http()
      .patch('/api/reference/labels/category/majorApplication')
      .set(w.admin.auth)
      .send({ label: '重大应用类(国之重器)' })
      .expect(200);
    expect(renamed.body.label).toBe('重大应用类(国之重器)');
    // A renamed category is what people read on the item.
    await t
      .http()
      .patch('/api/reference/labels/category/techBreakthrough')
      .set(w.admin.auth)
      .send({ label: '关键核心技术突破类' })
      .expect(200);
    const item = await (await ItemDriver.create(t, w)).get(w.submitter);
    expect(item.categoryLabel).toBe('关键核心技术突破类');
    await t
      .http()
      .patch('/api/reference/labels/category/nope')
      .set(w.admin.auth)
      .send({ label: 'x' })
      .expect(404);
    const cities = (await t.http().get('/api/reference/cities').set(w.submitter.auth).expect(200))
      .body;
    expect(cities.map((c: { name: string }) => c.name)).toEqual([
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
    ]);
  });
});
