import { ItemDriver, buildWorld, scoreSheet, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

const DEFAULTS = {
  weights: { innovation: 30, advancement: 25, significance: 20, benefit: 15, maturity: 10 },
  quorum: 5,
  threshold: 75,
};

describe('the scoring policy is configurable (GET/PUT /api/settings/scoring)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const policy = async () =>
    (await t.http().get('/api/settings/scoring').set(w.office.auth).expect(200)).body;

  it('starts from the defaults of the issue', async () => {
    expect(await policy()).toMatchObject(DEFAULTS);
  });

  it('refuses a bad policy with 400 per field and keeps the one in force', async () => {
    const before = await policy();
    const res = await t
      .http()
      .put('/api/settings/scoring')
      .set(w.admin.auth)
      .send({ weights: {}, quorum: 0, threshold: 101 })
      .expect(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(['quorum', 'threshold', 'weights']);
    expect(await policy()).toEqual(before);
  });

  it('applies a new threshold and weights to items whose scoring opens afterwards, not before', async () => {
    // Opened under the defaults: a panel of 80s passes at 75.
    const earlier = await ItemDriver.create(t, w);
    await earlier.toScoring();

    const stricter = {
      weights: { innovation: 50, advancement: 20, significance: 10, benefit: 10, maturity: 10 },
      quorum: 5,
      threshold: 85,
    };
    const put = await t
      .http()
      .put('/api/settings/scoring')
      .set(w.admin.auth)
      .send(stricter)
      .expect(200);
    expect(put.body).toMatchObject(stricter);
    expect(await policy()).toMatchObject(stricter);

    const later = await ItemDriver.create(t, w);
    await later.toScoring();
    const opened = (await t.http().get(`/api/achievements/${later.id}/history`).set(w.office.auth))
      .body as { eventType: string; payload: { scoring?: unknown } }[];
    expect(opened.find((r) => r.eventType === 'PASS_ELIGIBILITY')?.payload.scoring).toMatchObject(
      stricter,
    );

    expect((await earlier.score([80, 80, 80, 80, 80]))?.state).toBe('onSiteVerification');
    expect((await later.score([80, 80, 80, 80, 80]))?.state).toBe('rejected');
    expect((await later.get()).outcome.reason).toBe('专家评审综合得分 80 低于通过线 85');

    // The new weights count: innovation now carries half of the sheet.
    const weighted = await ItemDriver.create(t, w);
    await weighted.toScoring();
    const sheet = { ...scoreSheet(70), innovation: 100 };
    for (const expert of w.experts) {
      await weighted.ok(expert, 'SUBMIT_SCORE', { data: { scores: sheet } });
    }
    // (100·50 + 70·20 + 70·10 + 70·10 + 70·10) / 100 = 85; under the defaults it would be 79.
    expect(await weighted.get()).toMatchObject({
      state: 'onSiteVerification',
      scoring: { aggregate: 85 },
    });
  });
});
