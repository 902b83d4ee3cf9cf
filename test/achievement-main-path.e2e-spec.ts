import { SecurityEvent } from '../src/security-log/security-event.entity';
import { ItemDriver, buildWorld, scoreSheet, techBreakthrough, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

describe('achievement main path (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('goes from draft to published, each step by the right role, with a verifiable history', async () => {
    const created = await t
      .http()
      .post('/api/achievements')
      .set(w.submitter.auth)
      .send(techBreakthrough())
      .expect(201);
    expect(created.body).toMatchObject({ state: 'draft', version: 1 });
    expect(created.body.allowedEvents).toEqual(expect.arrayContaining(['SUBMIT', 'WITHDRAW']));
    const item = new ItemDriver(t, w, created.body.id);

    expect(await item.ok(w.submitter, 'SUBMIT')).toMatchObject({
      state: 'recommendation',
      version: 2,
    });
    // The enterprise reports through the Hangzhou bureau, so its recommender decides.
    const recommended = await item.ok(w.recommender, 'RECOMMEND');
    expect(recommended).toMatchObject({ state: 'submitted', version: 3 });
    expect((await item.get()).period).toBe('2026-11');

    const closed = await t
      .http()
      .post('/api/collection/periods/2026-11/close')
      .set(w.office.auth)
      .expect(200);
    expect(closed.body).toMatchObject({ period: '2026-11', closed: 1 });
    expect((await item.get()).state).toBe('eligibilityCheck');

    expect(await item.ok(w.office, 'PASS_ELIGIBILITY', { expectedVersion: 4 })).toMatchObject({
      state: 'expertScoring',
      version: 5,
    });
    const values = [95, 85, 84, 83, 40];
    for (const [i, v] of values.entries()) {
      const res = await item.ok(w.experts[i], 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(v), comment: `专家${i + 1}意见` },
      });
      expect(res.state).toBe(i < 4 ? 'expertScoring' : 'onSiteVerification');
    }
    const scored = await item.get();
    // Highest (95) and lowest (40) dropped: (85 + 84 + 83) / 3 = 84.
    expect(scored.scoring).toMatchObject({ submitted: 5, aggregate: 84 });
    expect(scored.allowedEvents).toEqual([
      'CONFIRM_VERIFICATION',
      'FAIL_VERIFICATION',
      'RAISE_DISPUTE',
    ]);

    await item.ok(w.office, 'CONFIRM_VERIFICATION', { comment: '现场核查属实' });
    const published = await item.ok(w.office, 'PUBLISH');
    expect(published).toMatchObject({ state: 'published', version: 12 });

    const history = await t
      .http()
      .get(`/api/achievements/${item.id}/history`)
      .set(w.office.auth)
      .expect(200);
    expect(history.body.map((h: { eventType: string }) => h.eventType)).toEqual([
      'CREATE',
      'SUBMIT',
      'RECOMMEND',
      'BATCH_CLOSE',
      'PASS_ELIGIBILITY',
      'SUBMIT_SCORE',
      'SUBMIT_SCORE',
      'SUBMIT_SCORE',
      'SUBMIT_SCORE',
      'SUBMIT_SCORE',
      'CONFIRM_VERIFICATION',
      'PUBLISH',
    ]);
    expect(history.body.map((h: { seq: number }) => h.seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(history.body[2]).toMatchObject({
      fromState: 'recommendation',
      toState: 'submitted',
      actorId: w.recommender.id,
      actorRole: 'recommender',
      payload: { period: '2026-11' },
    });
    expect(history.body[4].payload.scoring).toMatchObject({ quorum: 5, threshold: 75 });
    expect(history.body[9]).toMatchObject({
      fromState: 'expertScoring',
      toState: 'onSiteVerification',
    });
    expect(history.body[10].comment).toBe('现场核查属实');
    for (let i = 1; i < history.body.length; i++) {
      expect(history.body[i].prevHash).toBe(history.body[i - 1].hash);
    }

    const verify = await t.http().get('/api/audit/verify').set(w.office.auth).expect(200);
    // 10 rows of the item, and 2 of the month's collection period (opened, then closed by the office).
    // Both instances replayed through their machines agree with what is stored.
    // The security log (every sign-in of this test) is verified with it and counted apart.
    const security = await t.orm.em.fork().count(SecurityEvent, {});
    expect(verify.body).toEqual({
      ok: true,
      checked: 12 + 2,
      stores: [{ name: 'security', checked: security }],
      broken: [],
      replayed: 2,
      checkpoint: null,
    });

    // The public catalogue shows it without a token, and without internal detail.
    const pub = await t.http().get('/api/public/achievements').expect(200);
    expect(pub.body.items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    expect(pub.body.items[0]).not.toHaveProperty('ip');
    expect(pub.body.items[0]).not.toHaveProperty('scoring');
  });

  it('lets a directly reporting university recommend its own items', async () => {
    const res = await t
      .http()
      .post('/api/achievements')
      .set(w.uniSubmitter.auth)
      .send(techBreakthrough())
      .expect(201);
    const send = (who: { auth: Record<string, string> }, type: string) =>
      t.http().post(`/api/achievements/${res.body.id}/events`).set(who.auth).send({ type });
    await send(w.uniSubmitter, 'SUBMIT').expect(200);
    await send(w.recommender, 'RECOMMEND').expect(403);
    const ok = await send(w.uniRecommender, 'RECOMMEND').expect(200);
    expect(ok.body.state).toBe('submitted');
  });
});
