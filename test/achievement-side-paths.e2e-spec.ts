import { ItemDriver, buildWorld, scoreSheet, type Login, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

interface AuditRow {
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorRole: string;
  at: string;
  comment: string | null;
  payload: Record<string, unknown>;
}

describe('achievement side paths (HTTP)', () => {
  let t: TestApp;
  let w: World;
  let now: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    now = t.clock.now().toISOString();
  });
  afterAll(() => t.close());

  const history = async (item: ItemDriver, who: Login = w.office) =>
    (await t.http().get(`/api/achievements/${item.id}/history`).set(who.auth).expect(200))
      .body as AuditRow[];
  const eventTypes = (rows: AuditRow[]) => rows.map((r) => r.eventType);

  /** Asserts a 409 that lists what the caller may do, and that nothing was written. */
  async function expectNotNow(
    item: ItemDriver,
    who: Login,
    type: string,
    expected: { state: string; version: number; allowedEvents: string[] },
    extra: Record<string, unknown> = {},
  ) {
    const before = await history(item);
    const res = await item.send(who, type, extra);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      statusCode: 409,
      state: expected.state,
      version: expected.version,
      event: type,
      allowedEvents: expected.allowedEvents,
    });
    expect(typeof res.body.message).toBe('string');
    const after = await item.get();
    expect(after).toMatchObject({ state: expected.state, version: expected.version });
    expect(await history(item)).toEqual(before);
  }

  describe('RETURN_FOR_AMENDMENT and RESUBMIT', () => {
    it('returns from recommendation, lets the unit amend, and RESUBMIT goes back to recommendation', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      const returned = await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', {
        comment: '请补充产业化证明材料',
      });
      expect(returned).toEqual({
        id: item.id,
        state: 'returned',
        version: 3,
        allowedEvents: [],
      });

      const seenByOwner = await item.get(w.submitter);
      expect(seenByOwner).toMatchObject({ state: 'returned', returnedFrom: 'recommendation' });
      expect(seenByOwner.allowedEvents).toEqual(['RESUBMIT', 'WITHDRAW']);

      // The point of being returned: the unit may edit again.
      const amended = await t
        .http()
        .patch(`/api/achievements/${item.id}`)
        .set(w.submitter.auth)
        .send({
          evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产,年销售额3亿元' },
        })
        .expect(200);
      expect(amended.body).toMatchObject({
        state: 'returned',
        version: 3,
        evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产,年销售额3亿元' },
      });

      const resubmitted = await item.ok(w.submitter, 'RESUBMIT');
      expect(resubmitted).toEqual({
        id: item.id,
        state: 'recommendation',
        version: 4,
        allowedEvents: ['WITHDRAW'],
      });
      expect((await item.get()).returnedFrom).toBeNull();
      expect((await item.ok(w.recommender, 'RECOMMEND')).state).toBe('submitted');

      const rows = await history(item);
      expect(eventTypes(rows)).toEqual([
        'CREATE',
        'SUBMIT',
        'RETURN_FOR_AMENDMENT',
        'RESUBMIT',
        'RECOMMEND',
      ]);
      expect(rows[2]).toMatchObject({
        seq: 3,
        fromState: 'recommendation',
        toState: 'returned',
        actorId: w.recommender.id,
        actorRole: 'recommender',
        comment: '请补充产业化证明材料',
        payload: {},
      });
      expect(rows[3]).toMatchObject({
        seq: 4,
        fromState: 'returned',
        toState: 'recommendation',
        actorId: w.submitter.id,
        actorRole: 'submitter',
        comment: null,
      });
    });

    it('returns from eligibilityCheck, and RESUBMIT goes back to eligibilityCheck, not recommendation', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const returned = await item.ok(w.office, 'RETURN_FOR_AMENDMENT', {
        comment: '缺少查新报告',
        expectedVersion: 4,
      });
      expect(returned).toMatchObject({ state: 'returned', version: 5 });
      const seen = await item.get(w.submitter);
      expect(seen).toMatchObject({
        state: 'returned',
        returnedFrom: 'eligibilityCheck',
        period: '2026-11',
      });
      expect(seen.allowedEvents).toEqual(['RESUBMIT', 'WITHDRAW']);

      const resubmitted = await item.ok(w.submitter, 'RESUBMIT');
      expect(resubmitted).toMatchObject({ state: 'eligibilityCheck', version: 6 });
      const after = await item.get();
      expect(after).toMatchObject({ returnedFrom: null, period: '2026-11' });
      expect(after.allowedEvents).toEqual([
        'PASS_ELIGIBILITY',
        'REJECT',
        'RETURN_FOR_AMENDMENT',
        'RAISE_DISPUTE',
      ]);
      expect((await item.ok(w.office, 'PASS_ELIGIBILITY')).state).toBe('expertScoring');

      const rows = await history(item);
      expect(eventTypes(rows)).toEqual([
        'CREATE',
        'SUBMIT',
        'RECOMMEND',
        'BATCH_CLOSE',
        'RETURN_FOR_AMENDMENT',
        'RESUBMIT',
        'PASS_ELIGIBILITY',
      ]);
      expect(rows[4]).toMatchObject({
        fromState: 'eligibilityCheck',
        toState: 'returned',
        actorId: w.office.id,
        actorRole: 'officeStaff',
        comment: '缺少查新报告',
      });
      expect(rows[5]).toMatchObject({ fromState: 'returned', toState: 'eligibilityCheck' });
    });

    it('remembers the latest returning stage when an item is returned twice', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '材料不全' });
      expect((await item.ok(w.submitter, 'RESUBMIT')).state).toBe('recommendation');
      await item.ok(w.recommender, 'RECOMMEND');
      await item.ok(w.office, 'BATCH_CLOSE');
      await item.ok(w.office, 'RETURN_FOR_AMENDMENT', { comment: '格式不符' });
      expect((await item.get()).returnedFrom).toBe('eligibilityCheck');
      expect(await item.ok(w.submitter, 'RESUBMIT')).toMatchObject({
        state: 'eligibilityCheck',
        version: 8,
      });
    });
  });

  describe('DECLINE, REJECT, FAIL_VERIFICATION', () => {
    it('DECLINE in recommendation rejects the item with the recommender’s reason', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      const declined = await item.ok(w.recommender, 'DECLINE', { comment: '与本地区重点方向不符' });
      expect(declined).toEqual({ id: item.id, state: 'rejected', version: 3, allowedEvents: [] });
      const seen = await item.get(w.submitter);
      expect(seen).toMatchObject({ state: 'rejected', stateLabel: '未通过', version: 3 });
      expect(seen.outcome).toEqual({
        event: 'DECLINE',
        reason: '与本地区重点方向不符',
        by: w.recommender.id,
        at: now,
      });
      expect(seen.allowedEvents).toEqual([]);
      const rows = await history(item);
      expect(rows[2]).toMatchObject({
        eventType: 'DECLINE',
        fromState: 'recommendation',
        toState: 'rejected',
        actorRole: 'recommender',
        comment: '与本地区重点方向不符',
      });
    });

    it('REJECT in eligibilityCheck rejects the item with the office’s reason', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const rejected = await item.ok(w.office, 'REJECT', { comment: '不属于重大科技成果范围' });
      expect(rejected).toEqual({ id: item.id, state: 'rejected', version: 5, allowedEvents: [] });
      expect((await item.get()).outcome).toEqual({
        event: 'REJECT',
        reason: '不属于重大科技成果范围',
        by: w.office.id,
        at: now,
      });
      expect((await history(item))[4]).toMatchObject({
        eventType: 'REJECT',
        fromState: 'eligibilityCheck',
        toState: 'rejected',
        actorRole: 'officeStaff',
      });
    });

    it('FAIL_VERIFICATION in onSiteVerification rejects the item', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toVerification();
      const failed = await item.ok(w.office, 'FAIL_VERIFICATION', {
        comment: '现场核查发现产业化数据不实',
      });
      expect(failed).toEqual({ id: item.id, state: 'rejected', version: 11, allowedEvents: [] });
      const seen = await item.get();
      expect(seen.outcome).toEqual({
        event: 'FAIL_VERIFICATION',
        reason: '现场核查发现产业化数据不实',
        by: w.office.id,
        at: now,
      });
      // The passing aggregate stays on record: the item failed on site, not in scoring.
      // (90 + 88 + 85) / 3, the highest (92) and lowest (80) dropped.
      expect(seen.scoring).toMatchObject({ submitted: 5, aggregate: 87.67 });
      expect((await history(item))[10]).toMatchObject({
        eventType: 'FAIL_VERIFICATION',
        fromState: 'onSiteVerification',
        toState: 'rejected',
      });
    });
  });

  describe('scoring below the threshold', () => {
    it('rejects on the score that completes the quorum, recording the aggregate and the reason', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const values = [70, 72, 74, 76, 60];
      for (const [i, v] of values.entries()) {
        const res = await item.ok(w.experts[i], 'SUBMIT_SCORE', {
          data: { scores: scoreSheet(v) },
        });
        expect(res).toMatchObject({
          state: i < 4 ? 'expertScoring' : 'rejected',
          version: 6 + i,
          // While the panel is open the expert may still revise their own sheet; once it closed, nothing.
          allowedEvents: i < 4 ? ['REVISE_SCORE'] : [],
        });
      }
      const seen = await item.get();
      // Highest (76) and lowest (60) dropped: (70 + 72 + 74) / 3 = 72.
      expect(seen.scoring).toMatchObject({ submitted: 5, aggregate: 72 });
      expect(seen.outcome).toEqual({
        event: 'SCORING_CLOSED',
        reason: '专家评审综合得分 72 低于通过线 75',
        by: 'system',
        at: now,
      });
      const last = (await history(item))[9];
      expect(last).toMatchObject({
        seq: 10,
        eventType: 'SUBMIT_SCORE',
        fromState: 'expertScoring',
        toState: 'rejected',
        actorId: w.experts[4].id,
        payload: { scores: scoreSheet(60) },
      });
      await expectNotNow(item, w.office, 'CONFIRM_VERIFICATION', {
        state: 'rejected',
        version: 10,
        allowedEvents: [],
      });
    });

    it('passes at exactly the threshold', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      expect(await item.score([75, 75, 75, 75, 75])).toMatchObject({
        state: 'onSiteVerification',
        version: 10,
      });
      const seen = await item.get();
      expect(seen.scoring).toMatchObject({ submitted: 5, aggregate: 75 });
      expect(seen.outcome).toBeNull();
    });

    it('weights the criteria (30/25/20/15/10), so a sheet’s plain mean is not its score', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      // Weighted: (95·30 + 80·25 + 70·20 + 60·15 + 40·10) / 100 = 75.5; the plain mean is 69.
      const sheet = {
        innovation: 95,
        advancement: 80,
        significance: 70,
        benefit: 60,
        maturity: 40,
      };
      let last;
      for (const expert of w.experts) {
        last = await item.ok(expert, 'SUBMIT_SCORE', { data: { scores: sheet } });
      }
      expect(last?.state).toBe('onSiteVerification');
      const seen = await item.get();
      expect(seen.scoring.aggregate).toBe(75.5);
      expect(seen.scoring.scores.map((s: { weighted: number }) => s.weighted)).toEqual([
        75.5, 75.5, 75.5, 75.5, 75.5,
      ]);
    });
  });

  describe('WITHDRAW', () => {
    const reach: Record<string, (item: ItemDriver) => Promise<unknown>> = {
      draft: () => Promise.resolve(),
      recommendation: (item) => item.ok(w.submitter, 'SUBMIT'),
      returned: async (item) => {
        await item.ok(w.submitter, 'SUBMIT');
        await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充材料' });
      },
      submitted: (item) => item.toSubmitted(),
      eligibilityCheck: (item) => item.toEligibility(),
    };

    it.each([
      ['draft', 1],
      ['recommendation', 2],
      ['returned', 3],
      ['submitted', 3],
      ['eligibilityCheck', 4],
    ])('the owning unit may withdraw from %s', async (state, version) => {
      const item = await ItemDriver.create(t, w);
      await reach[state](item);
      const seen = await item.get(w.submitter);
      expect(seen).toMatchObject({ state, version });
      expect(seen.allowedEvents).toContain('WITHDRAW');

      const res = await item.ok(w.submitter, 'WITHDRAW', { comment: '单位决定暂缓申报' });
      expect(res).toEqual({
        id: item.id,
        state: 'withdrawn',
        version: version + 1,
        allowedEvents: [],
      });
      const after = await item.get(w.submitter);
      expect(after).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回' });
      expect(after.outcome).toEqual({
        event: 'WITHDRAW',
        reason: '单位决定暂缓申报',
        by: w.submitter.id,
        at: now,
      });
      const rows = await history(item);
      expect(rows).toHaveLength(version + 1);
      expect(rows[version]).toMatchObject({
        eventType: 'WITHDRAW',
        fromState: state,
        toState: 'withdrawn',
        actorId: w.submitter.id,
        actorRole: 'submitter',
      });
    });

    it('needs a reason (it ends the item), which becomes the outcome', async () => {
      const item = await ItemDriver.create(t, w);
      const bare = await item.send(w.submitter, 'WITHDRAW');
      expect(bare.status).toBe(400);
      expect(bare.body.errors).toEqual({ comment: ['该操作必须填写理由'] });
      expect((await item.get()).state).toBe('draft');
      const done = await item.ok(w.submitter, 'WITHDRAW', { comment: '暂缓申报' });
      expect(done.state).toBe('withdrawn');
      expect((await item.get()).outcome).toMatchObject({ event: 'WITHDRAW', reason: '暂缓申报' });
    });

    it('is refused once expert scoring has begun (409), and in every later stage', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      expect((await item.get(w.submitter)).allowedEvents).toEqual([]);
      await expectNotNow(
        item,
        w.submitter,
        'WITHDRAW',
        {
          state: 'expertScoring',
          version: 5,
          allowedEvents: [],
        },
        { comment: '撤回' },
      );
      await item.score([90, 88, 85, 80, 92]);
      await expectNotNow(
        item,
        w.submitter,
        'WITHDRAW',
        {
          state: 'onSiteVerification',
          version: 10,
          allowedEvents: [],
        },
        { comment: '撤回' },
      );
      await item.ok(w.office, 'CONFIRM_VERIFICATION');
      await expectNotNow(
        item,
        w.submitter,
        'WITHDRAW',
        {
          state: 'inLibrary',
          version: 11,
          allowedEvents: [],
        },
        { comment: '撤回' },
      );
      await item.ok(w.office, 'PUBLISH');
      await expectNotNow(
        item,
        w.submitter,
        'WITHDRAW',
        {
          state: 'published',
          version: 12,
          allowedEvents: [],
        },
        { comment: '撤回' },
      );
    });
  });

  describe('RAISE_DISPUTE and RESOLVE_DISPUTE', () => {
    interface Case {
      reach: (item: ItemDriver) => Promise<unknown>;
      version: number;
      /** After the dispute is resolved, the item carries on from where it was. */
      next: (item: ItemDriver) => Promise<{ state: string }>;
      nextState: string;
    }
    const cases: Record<string, Case> = {
      draft: {
        reach: () => Promise.resolve(),
        version: 1,
        next: (item) => item.ok(w.submitter, 'SUBMIT'),
        nextState: 'recommendation',
      },
      recommendation: {
        reach: (item) => item.ok(w.submitter, 'SUBMIT'),
        version: 2,
        next: (item) => item.ok(w.recommender, 'RECOMMEND'),
        nextState: 'submitted',
      },
      returned: {
        reach: async (item) => {
          await item.toEligibility();
          await item.ok(w.office, 'RETURN_FOR_AMENDMENT', { comment: '补充材料' });
        },
        version: 5,
        // The return stage survives the suspension: RESUBMIT still goes back to eligibilityCheck.
        next: (item) => item.ok(w.submitter, 'RESUBMIT'),
        nextState: 'eligibilityCheck',
      },
      submitted: {
        reach: (item) => item.toSubmitted(),
        version: 3,
        next: (item) => item.ok(w.office, 'BATCH_CLOSE'),
        nextState: 'eligibilityCheck',
      },
      eligibilityCheck: {
        reach: (item) => item.toEligibility(),
        version: 4,
        next: (item) => item.ok(w.office, 'PASS_ELIGIBILITY'),
        nextState: 'expertScoring',
      },
      expertScoring: {
        reach: async (item) => {
          await item.toScoring();
          await item.score([90, 88]);
        },
        version: 7,
        // The two sheets given before the dispute still count: three more complete the quorum.
        next: async (item) => {
          for (const [i, v] of [[2, 85] as const, [3, 80] as const]) {
            await item.ok(w.experts[i], 'SUBMIT_SCORE', { data: { scores: scoreSheet(v) } });
          }
          return item.ok(w.experts[4], 'SUBMIT_SCORE', { data: { scores: scoreSheet(92) } });
        },
        nextState: 'onSiteVerification',
      },
      onSiteVerification: {
        reach: (item) => item.toVerification(),
        version: 10,
        next: (item) => item.ok(w.office, 'CONFIRM_VERIFICATION'),
        nextState: 'inLibrary',
      },
      inLibrary: {
        reach: (item) => item.toLibrary(),
        version: 11,
        next: (item) => item.ok(w.office, 'PUBLISH'),
        nextState: 'published',
      },
      published: {
        reach: (item) => item.toPublished(),
        version: 12,
        next: (item) => item.ok(w.office, 'REVOKE', { comment: '经查存在学术不端' }),
        nextState: 'revoked',
      },
    };

    it.each(Object.keys(cases))(
      'suspends an item in %s and resolving returns it to that state',
      async (state) => {
        const c = cases[state];
        const item = await ItemDriver.create(t, w);
        await c.reach(item);
        const before = await item.get();
        expect(before).toMatchObject({ state, version: c.version });

        const suspended = await item.ok(w.office, 'RAISE_DISPUTE', {
          comment: '第三方主张专利权属',
          expectedVersion: c.version,
        });
        expect(suspended).toEqual({
          id: item.id,
          state: 'suspended',
          version: c.version + 1,
          allowedEvents: ['RESOLVE_DISPUTE'],
        });
        const during = await item.get();
        expect(during).toMatchObject({
          state: 'suspended',
          stateLabel: '争议暂停',
          suspendedFrom: state,
          dispute: { reason: '第三方主张专利权属', by: w.office.id, at: now },
        });
        // Nothing else moves a suspended item, not even a second dispute.
        expect((await item.get(w.submitter)).allowedEvents).toEqual([]);
        await expectNotNow(
          item,
          w.office,
          'RAISE_DISPUTE',
          { state: 'suspended', version: c.version + 1, allowedEvents: ['RESOLVE_DISPUTE'] },
          { comment: '再次提出' },
        );

        const resolved = await item.ok(w.office, 'RESOLVE_DISPUTE', { comment: '权属已澄清' });
        expect(resolved).toMatchObject({ state, version: c.version + 2 });
        const after = await item.get();
        expect(after).toMatchObject({
          state,
          suspendedFrom: null,
          dispute: null,
          returnedFrom: before.returnedFrom,
          period: before.period,
          scoring: { submitted: before.scoring.submitted },
        });
        expect(after.allowedEvents).toEqual(before.allowedEvents);

        const rows = await history(item);
        expect(rows.slice(-2)).toMatchObject([
          {
            seq: c.version + 1,
            eventType: 'RAISE_DISPUTE',
            fromState: state,
            toState: 'suspended',
            actorRole: 'officeStaff',
            comment: '第三方主张专利权属',
          },
          {
            seq: c.version + 2,
            eventType: 'RESOLVE_DISPUTE',
            fromState: 'suspended',
            toState: state,
            comment: '权属已澄清',
          },
        ]);

        expect((await c.next(item)).state).toBe(c.nextState);
      },
    );

    it('keeps the scores given before the dispute and still refuses a second sheet from the same expert', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      await item.score([90]);
      await item.ok(w.office, 'RAISE_DISPUTE', { comment: '作者署名争议' });
      await item.ok(w.office, 'RESOLVE_DISPUTE', { comment: '已协商一致' });
      await expectNotNow(
        item,
        w.experts[0],
        'SUBMIT_SCORE',
        // A second sheet is refused; revising the first is what stays open.
        { state: 'expertScoring', version: 8, allowedEvents: ['REVISE_SCORE'] },
        { data: { scores: scoreSheet(50) } },
      );
      expect((await item.get()).scoring.scores).toHaveLength(1);
    });
  });

  describe('REVOKE', () => {
    it('revokes an item in the library', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toLibrary();
      const revoked = await item.ok(w.office, 'REVOKE', { comment: '发现数据造假' });
      expect(revoked).toEqual({ id: item.id, state: 'revoked', version: 12, allowedEvents: [] });
      const seen = await item.get();
      expect(seen).toMatchObject({ state: 'revoked', stateLabel: '已撤销' });
      expect(seen.outcome).toEqual({
        event: 'REVOKE',
        reason: '发现数据造假',
        by: w.office.id,
        at: now,
      });
      expect((await history(item))[11]).toMatchObject({
        eventType: 'REVOKE',
        fromState: 'inLibrary',
        toState: 'revoked',
        actorRole: 'officeStaff',
        comment: '发现数据造假',
      });
    });

    it('revokes a published item and takes it out of the public catalogue', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toPublished();
      await t.http().get(`/api/public/achievements/${item.id}`).expect(200);
      const revoked = await item.ok(w.office, 'REVOKE', { comment: '经查存在学术不端' });
      expect(revoked).toMatchObject({ state: 'revoked', version: 13, allowedEvents: [] });
      expect((await item.get()).outcome).toMatchObject({
        event: 'REVOKE',
        reason: '经查存在学术不端',
      });
      await t.http().get(`/api/public/achievements/${item.id}`).expect(404);
      const pub = await t.http().get('/api/public/achievements?limit=100').expect(200);
      expect(pub.body.items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    });
  });

  describe('final states accept nothing', () => {
    const finals: Record<string, (item: ItemDriver) => Promise<unknown>> = {
      rejected: async (item) => {
        await item.ok(w.submitter, 'SUBMIT');
        await item.ok(w.recommender, 'DECLINE', { comment: '不予推荐' });
      },
      withdrawn: (item) => item.ok(w.submitter, 'WITHDRAW', { comment: '撤回' }),
      revoked: async (item) => {
        await item.toLibrary();
        await item.ok(w.office, 'REVOKE', { comment: '撤销' });
      },
    };

    it.each(Object.keys(finals))(
      '%s: every event by every role is 409 with no allowed events',
      async (state) => {
        const item = await ItemDriver.create(t, w);
        await finals[state](item);
        const { version } = await item.get();
        for (const who of [w.office, w.submitter, w.recommender, w.admin]) {
          expect((await item.get(who)).allowedEvents).toEqual([]);
        }
        const attempts: [Login, string, Record<string, unknown>][] = [
          [w.submitter, 'SUBMIT', {}],
          [w.submitter, 'RESUBMIT', {}],
          [w.submitter, 'WITHDRAW', { comment: '撤回' }],
          [w.recommender, 'RECOMMEND', {}],
          [w.office, 'BATCH_CLOSE', {}],
          [w.office, 'PASS_ELIGIBILITY', {}],
          [w.office, 'PUBLISH', {}],
          [w.office, 'RAISE_DISPUTE', { comment: '争议' }],
          [w.office, 'RESOLVE_DISPUTE', { comment: '解决' }],
          [w.office, 'REVOKE', { comment: '撤销' }],
          [w.admin, 'REVOKE', { comment: '撤销' }],
        ];
        for (const [who, type, extra] of attempts) {
          await expectNotNow(item, who, type, { state, version, allowedEvents: [] }, extra);
        }
      },
    );
  });
});
