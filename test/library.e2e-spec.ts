import { evaluationHelpers } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  basicResearch,
  buildWorld,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';

const EVALUATION = {
  type: 'market',
  evaluator: '浙江省科技评估中心',
  date: '2026-11-20',
  findings: '产品市场占有率稳步提升。',
  rating: 'good',
};

describe('provincial library (HTTP)', () => {
  let t: TestApp;
  let w: World;
  let h: ReturnType<typeof evaluationHelpers>;
  /** sic: Hangzhou enterprise (87.67); uni: Hangzhou university (80); nb: Ningbo enterprise (75). */
  const items: Record<string, ItemDriver> = {};

  const get = (who: Login, path: string, query: Record<string, unknown> = {}) =>
    t.http().get(path).query(query).set(who.auth);
  const ids = async (who: Login, query: Record<string, unknown> = {}) =>
    ((await get(who, '/api/library', query).expect(200)).body.items as { id: string }[])
      .map((i) => i.id)
      .sort();
  const idsOf = (...keys: string[]) => keys.map((k) => items[k].id).sort();
  const eventTypes = async (item: ItemDriver) =>
    (await h.history(item, w.office)).map((r) => r.eventType);

  /** Drives an item of another unit to the library, each step by the user whose job it is. */
  async function throughLibrary(
    submitter: Login,
    recommender: Login,
    body: Record<string, unknown>,
    scores: number[],
  ): Promise<ItemDriver> {
    const created = await t
      .http()
      .post('/api/achievements')
      .set(submitter.auth)
      .send(body)
      .expect(201);
    const item = new ItemDriver(t, w, created.body.id);
    await item.ok(submitter, 'SUBMIT');
    await item.ok(recommender, 'RECOMMEND');
    await item.ok(w.office, 'BATCH_CLOSE');
    await item.ok(w.office, 'PASS_ELIGIBILITY');
    await item.score(scores);
    await item.ok(w.office, 'CONFIRM_VERIFICATION');
    return item;
  }

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    h = evaluationHelpers(
      () => t,
      () => w,
    );
    items.sic = await ItemDriver.create(t, w);
    await items.sic.toLibrary();
    await items.sic.ok(w.office, 'PUBLISH');
    t.clock.set(new Date('2026-11-06T02:00:00Z'));
    items.uni = await throughLibrary(
      w.uniSubmitter,
      w.uniRecommender,
      basicResearch(),
      [80, 80, 80, 80, 80],
    );
    t.clock.set(new Date('2026-11-07T02:00:00Z'));
    items.nb = await throughLibrary(
      w.nbSubmitter,
      w.nbRecommender,
      techBreakthrough({
        title: '宁波新材料',
        completingUnits: [{ name: '宁波某某材料有限公司' }],
        completers: [{ name: '赵六', unit: '宁波某某材料有限公司' }],
        ip: { owner: '宁波某某材料有限公司', patents: ['ZL202310000000.2'], noDispute: true },
      }),
      [75, 75, 75, 75, 75],
    );
    // Still being verified: not in the library.
    items.pending = await ItemDriver.create(t, w);
    await items.pending.toVerification();
    t.clock.set(new Date('2026-11-25T02:00:00Z'));
  });
  afterAll(() => t.close());

  it('lists library items for the office, newest entry first, with filters and keyset paging', async () => {
    const all = (await get(w.office, '/api/library').expect(200)).body.items;
    expect(all.map((i: { id: string }) => i.id)).toEqual([items.nb.id, items.uni.id, items.sic.id]);
    expect(all[2]).toMatchObject({
      title: '高性能碳化硅功率芯片',
      state: 'published',
      city: '杭州',
      organization: { id: w.orgs.enterprise.id, name: '某某科技有限公司' },
      enteredYear: 2026,
      enteredAt: '2026-11-05T02:00:00.000Z',
      latestProgressAt: null,
      flags: {
        provincialAwardRecommended: false,
        nationalAwardRecommended: false,
        majorSpecialProject: false,
      },
    });
    expect(all[2].score).toBeCloseTo(87.67, 1);

    expect(await ids(w.office, { city: '宁波' })).toEqual(idsOf('nb'));
    expect(await ids(w.office, { unit: w.orgs.university.id })).toEqual(idsOf('uni'));
    expect(await ids(w.office, { domain: 'advancedPolymers' })).toEqual(idsOf('uni'));
    expect(await ids(w.office, { category: 'techBreakthrough' })).toEqual(idsOf('sic', 'nb'));
    expect(await ids(w.office, { year: 2026 })).toEqual(idsOf('sic', 'uni', 'nb'));
    expect(await ids(w.office, { year: 2025 })).toEqual([]);
    expect(await ids(w.office, { minScore: 85 })).toEqual(idsOf('sic'));
    expect(await ids(w.office, { minScore: 76, maxScore: 85 })).toEqual(idsOf('uni'));
    expect(await ids(w.office, { maxScore: 80 })).toEqual(idsOf('uni', 'nb'));

    const first = await get(w.office, '/api/library', { limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await get(w.office, '/api/library', {
      limit: 2,
      cursor: first.body.nextCursor,
    }).expect(200);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([items.sic.id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows recommenders their units and units their own; experts have no library view', async () => {
    expect(await ids(w.recommender)).toEqual(idsOf('sic'));
    expect(await ids(w.uniRecommender)).toEqual(idsOf('uni'));
    expect(await ids(w.nbRecommender)).toEqual(idsOf('nb'));
    expect(await ids(w.submitter)).toEqual(idsOf('sic'));
    expect(await ids(w.nbSubmitter)).toEqual(idsOf('nb'));
    await get(w.experts[0], '/api/library').expect(403);
    await get(w.nbSubmitter, `/api/library/${items.sic.id}`).expect(403);
    await get(w.recommender, `/api/library/${items.uni.id}`).expect(403);
    await get(w.office, `/api/library/${items.pending.id}`).expect(404);
  });

  it('rejects bad filters with a Chinese message per field', async () => {
    const res = await get(w.office, '/api/library', {
      minScore: 'abc',
      year: 1,
      unit: 'x',
      flag: 'gold',
    }).expect(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(['flag', 'minScore', 'unit', 'year']);
    for (const messages of Object.values<string[]>(res.body.errors)) {
      expect(messages.join('')).toMatch(/[\u4e00-\u9fff]/);
    }
    const range = await get(w.office, '/api/library', { minScore: 90, maxScore: 80 }).expect(400);
    expect(range.body.errors.minScore).toEqual(['最低分不能高于最高分']);
  });

  it('records tracking evaluations by the office only, audited, refusing bad input', async () => {
    const path = `/api/library/${items.uni.id}/evaluations`;
    const before = await eventTypes(items.uni);
    const bad = await t
      .http()
      .post(path)
      .set(w.office.auth)
      .send({ type: 'rumour', evaluator: '', date: '2026-13-01', findings: '', rating: 'A+' })
      .expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual([
      'date',
      'evaluator',
      'findings',
      'rating',
      'type',
    ]);
    const future = await t
      .http()
      .post(path)
      .set(w.office.auth)
      .send({ ...EVALUATION, date: '2026-12-01' })
      .expect(400);
    expect(future.body.errors.date).toEqual(['评价日期不能晚于今天']);
    for (const who of [w.uniSubmitter, w.uniRecommender, w.experts[0]]) {
      await t.http().post(path).set(who.auth).send(EVALUATION).expect(403);
    }
    expect(await eventTypes(items.uni)).toEqual(before);
    await t
      .http()
      .post(`/api/library/${items.pending.id}/evaluations`)
      .set(w.office.auth)
      .send(EVALUATION)
      .expect(404);

    const res = await t.http().post(path).set(w.office.auth).send(EVALUATION).expect(201);
    expect(res.body.evaluations).toEqual([
      expect.objectContaining({ ...EVALUATION, recordedBy: w.office.id }),
    ]);
    const rows = await h.history(items.uni, w.uniSubmitter);
    expect(rows.at(-1)).toMatchObject({
      eventType: 'TRACKING_EVALUATION_RECORDED',
      actorId: w.office.id,
      payload: { type: 'market', rating: 'good', date: '2026-11-20' },
    });
    // The unit sees the evaluation of its item.
    const seen = await get(w.uniSubmitter, `/api/library/${items.uni.id}`).expect(200);
    expect(seen.body.evaluations).toHaveLength(1);
  });

  it('sets award and special-project flags by the office, audited, filterable', async () => {
    const path = `/api/library/${items.sic.id}/flags`;
    await t
      .http()
      .put(path)
      .set(w.recommender.auth)
      .send({ majorSpecialProject: true, reason: '纳入专项' })
      .expect(403);
    const empty = await t.http().put(path).set(w.office.auth).send({ reason: '无' }).expect(400);
    expect(Object.keys(empty.body.errors)).toEqual(['provincialAwardRecommended']);
    const noReason = await t
      .http()
      .put(path)
      .set(w.office.auth)
      .send({ majorSpecialProject: 'yes' })
      .expect(400);
    expect(Object.keys(noReason.body.errors).sort()).toEqual(['majorSpecialProject', 'reason']);

    const res = await t
      .http()
      .put(path)
      .set(w.office.auth)
      .send({ majorSpecialProject: true, nationalAwardRecommended: true, reason: '纳入省重大专项' })
      .expect(200);
    expect(res.body.flags).toEqual({
      provincialAwardRecommended: false,
      nationalAwardRecommended: true,
      majorSpecialProject: true,
    });
    await t
      .http()
      .put(path)
      .set(w.office.auth)
      .send({ majorSpecialProject: true, reason: '重复' })
      .expect(409);
    expect(await ids(w.office, { flag: 'majorSpecialProject' })).toEqual(idsOf('sic'));
    expect(await ids(w.office, { flag: 'provincialAwardRecommended' })).toEqual([]);
    const rows = await h.history(items.sic, w.office);
    expect(rows.at(-1)).toMatchObject({
      eventType: 'LIBRARY_FLAGS_CHANGED',
      comment: '纳入省重大专项',
      payload: {
        before: { majorSpecialProject: false, nationalAwardRecommended: false },
        after: { majorSpecialProject: true, nationalAwardRecommended: true },
      },
    });
  });

  it('counts only approved progress as the latest progress', async () => {
    const path = `/api/library/${items.sic.id}/progress`;
    const report = { title: '第二代产品量产', content: '年产能提升至十万片。' };
    // Only the owning unit's submitter reports progress.
    await t.http().post(path).set(w.nbSubmitter.auth).send(report).expect(403);
    await t.http().post(path).set(w.recommender.auth).send(report).expect(403);
    await t.http().post(path).set(w.office.auth).send(report).expect(403);
    const bad = await t
      .http()
      .post(path)
      .set(w.submitter.auth)
      .send({ title: '', content: 7 })
      .expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['content', 'title']);

    t.clock.set(new Date('2026-11-26T02:00:00Z'));
    const first = await t.http().post(path).set(w.submitter.auth).send(report).expect(201);
    expect(first.body).toMatchObject({
      status: 'pending',
      submittedAt: '2026-11-26T02:00:00.000Z',
    });
    t.clock.set(new Date('2026-11-27T02:00:00Z'));
    const second = await t
      .http()
      .post(path)
      .set(w.submitter.auth)
      .send({ title: '进入海外市场', content: '签订出口合同。' })
      .expect(201);

    const decide = (id: string, who: Login, body: object) =>
      t.http().post(`${path}/${id}/decision`).set(who.auth).send(body);
    await decide(second.body.id, w.submitter, { decision: 'approve' }).expect(403);
    const noComment = await decide(second.body.id, w.office, { decision: 'reject' }).expect(400);
    expect(noComment.body.errors.comment).toEqual(['退回最新进展必须填写理由']);
    await decide(second.body.id, w.office, { decision: 'reject', comment: '缺少合同证明' }).expect(
      201,
    );
    const latest = async () =>
      (await get(w.office, `/api/library/${items.sic.id}`).expect(200)).body.latestProgressAt;
    expect(await latest()).toBeNull();

    await decide(first.body.id, w.office, { decision: 'approve' }).expect(201);
    expect(await latest()).toBe('2026-11-26T02:00:00.000Z');
    await decide(first.body.id, w.office, { decision: 'reject', comment: '再议' }).expect(409);
    const listed = (await get(w.office, '/api/library', { city: '杭州' }).expect(200)).body.items;
    expect(listed.find((i: { id: string }) => i.id === items.sic.id).latestProgressAt).toBe(
      '2026-11-26T02:00:00.000Z',
    );

    // The recommender sees approved progress only; the unit sees its rejected one too.
    const byRecommender = await get(w.recommender, `/api/library/${items.sic.id}`).expect(200);
    expect(byRecommender.body.progress.map((p: { id: string }) => p.id)).toEqual([first.body.id]);
    const byUnit = await get(w.submitter, `/api/library/${items.sic.id}`).expect(200);
    expect(byUnit.body.progress.map((p: { status: string }) => p.status)).toEqual([
      'rejected',
      'approved',
    ]);
    expect((await eventTypes(items.sic)).slice(-4)).toEqual([
      'PROGRESS_SUBMITTED',
      'PROGRESS_SUBMITTED',
      'PROGRESS_REJECTED',
      'PROGRESS_APPROVED',
    ]);
    expect((await get(w.office, '/api/audit/verify').expect(200)).body.ok).toBe(true);
  });
});
