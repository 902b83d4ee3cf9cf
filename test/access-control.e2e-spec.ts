import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import {
  ItemDriver,
  buildWorld,
  firstLogin,
  INITIAL_PASSWORD,
  scoreSheet,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

const RUNNER_FORBIDDEN = '您的角色或所属单位无权执行该操作';
const NOT_VISIBLE = '您无权查看该成果';
const ROLE_FORBIDDEN = '您的角色无权访问该功能';

interface AuditRow {
  eventType: string;
  actorId: string;
  comment: string | null;
  payload: Record<string, unknown>;
}

describe('access control (HTTP)', () => {
  let t: TestApp;
  let w: World;
  /** A recommender who works at the enterprise itself, not at the bureau it reports through. */
  let entRecommender: Login;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    await t
      .http()
      .post('/api/users')
      .set(w.securityAdmin.auth)
      .send({
        username: 'ent-recommender',
        password: INITIAL_PASSWORD,
        displayName: '企业推荐人',
        organizationId: w.orgs.enterprise.id,
        roles: ['recommender'],
      })
      .expect(201);
    entRecommender = await firstLogin(t, 'ent-recommender');
  });
  afterAll(() => t.close());

  const history = async (id: string) =>
    (await t.http().get(`/api/achievements/${id}/history`).set(w.office.auth).expect(200))
      .body as AuditRow[];
  const listIds = async (who: Login, query = '') =>
    (
      await t.http().get(`/api/achievements?limit=100${query}`).set(who.auth).expect(200)
    ).body.items.map((i: { id: string }) => i.id) as string[];

  /** Asserts a 403 with the given message and that the item did not move and gained no audit row. */
  async function expectForbidden(
    item: ItemDriver,
    who: Login,
    type: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    const before = await item.get();
    const rows = await history(item.id);
    const res = await item.send(who, type, extra);
    expect({ type, status: res.status, message: res.body.message }).toEqual({
      type,
      status: 403,
      message,
    });
    expect(res.body.error).toBe('Forbidden');
    const after = await item.get();
    expect(after.version).toBe(before.version);
    expect(after.state).toBe(before.state);
    expect(await history(item.id)).toEqual(rows);
  }

  describe('authentication', () => {
    // Every route's answer without a token is checked cell by cell in access-policy.e2e-spec.ts.

    it('rejects malformed, forged, tampered and expired tokens, and tokens of unknown users', async () => {
      const jwt = t.app.get(JwtService);
      const forged = new JwtService({ secret: 'not-the-server-secret-but-long-enough-0123456789' });
      const [header, , signature] = w.submitter.token.split('.');
      const { sid, exp } = jwt.decode<{ sid: string; exp: number }>(w.office.token);
      const officePayload = Buffer.from(JSON.stringify({ sub: w.office.id, sid, exp })).toString(
        'base64url',
      );
      const cases: [string, string][] = [
        [`Token ${w.submitter.token}`, '请先登录'],
        ['Bearer', '请先登录'],
        ['Bearer not-a-jwt', '登录已失效,请重新登录'],
        [`Bearer ${forged.sign({ sub: w.office.id, sid, exp })}`, '登录已失效,请重新登录'],
        [`Bearer ${header}.${officePayload}.${signature}`, '登录已失效,请重新登录'],
        [`Bearer ${jwt.sign({ sub: w.office.id, sid, exp: 1 })}`, '登录已失效,请重新登录'],
        // A session is bound to its user: another user's id with it is refused.
        [`Bearer ${jwt.sign({ sub: randomUUID(), sid, exp })}`, '登录已失效,请重新登录'],
        [`Bearer ${jwt.sign({ sub: w.office.id, exp })}`, '登录已失效,请重新登录'],
      ];
      for (const [authorization, message] of cases) {
        const res = await t.http().get('/api/achievements').set('Authorization', authorization);
        expect({ authorization, status: res.status, message: res.body.message }).toEqual({
          authorization,
          status: 401,
          message,
        });
      }
      // The genuine token still works, so the failures above are about the tokens.
      await t.http().get('/api/achievements').set(w.submitter.auth).expect(200);
      await t
        .http()
        .get('/api/achievements')
        .set('Authorization', `Bearer ${jwt.sign({ sub: w.office.id, sid, exp })}`)
        .expect(200);
    });

    it('refuses a wrong password with 401', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'submitter', password: 'wrong-password-1' })
        .expect(401);
      expect(res.body.message).toBe('用户名或密码错误');
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'nobody', password: 'wrong-password-1' })
        .expect(401);
    });

    it('serves health and the public catalogue without a token', async () => {
      await t.http().get('/api/health').expect(200);
      await t.http().get('/api/public/achievements').expect(200);
    });
  });

  describe('wrong roles on workflow events (403, nothing written)', () => {
    it('refuses every wrong sender along the path, while the right sender succeeds', async () => {
      const item = await ItemDriver.create(t, w);

      // draft: only the owning unit's submitter may SUBMIT or WITHDRAW.
      await expectForbidden(item, w.office, 'SUBMIT', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.admin, 'SUBMIT', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.recommender, 'SUBMIT', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.ownExpert, 'SUBMIT', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.uniSubmitter, 'SUBMIT', NOT_VISIBLE);
      await expectForbidden(item, w.nbSubmitter, 'WITHDRAW', NOT_VISIBLE);
      await expectForbidden(item, w.submitter, 'RAISE_DISPUTE', RUNNER_FORBIDDEN, {
        comment: '争议',
      });
      await item.ok(w.submitter, 'SUBMIT');

      // recommendation: only the Hangzhou bureau's recommender decides.
      await expectForbidden(item, w.submitter, 'RECOMMEND', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.office, 'RECOMMEND', RUNNER_FORBIDDEN);
      await expectForbidden(item, entRecommender, 'RECOMMEND', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.nbRecommender, 'RECOMMEND', NOT_VISIBLE);
      await expectForbidden(item, w.uniRecommender, 'RECOMMEND', NOT_VISIBLE);
      await expectForbidden(item, w.submitter, 'DECLINE', RUNNER_FORBIDDEN, { comment: '不推荐' });
      await expectForbidden(item, w.office, 'RETURN_FOR_AMENDMENT', RUNNER_FORBIDDEN, {
        comment: '退回',
      });
      await expectForbidden(item, w.recommender, 'WITHDRAW', RUNNER_FORBIDDEN, { comment: '撤回' });
      await item.ok(w.recommender, 'RECOMMEND');

      // submitted: BATCH_CLOSE is the office's (or the scheduler's).
      await expectForbidden(item, w.submitter, 'BATCH_CLOSE', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.recommender, 'BATCH_CLOSE', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.admin, 'BATCH_CLOSE', RUNNER_FORBIDDEN);
      await item.ok(w.office, 'BATCH_CLOSE');

      // eligibilityCheck: only office staff.
      await expectForbidden(item, w.submitter, 'PASS_ELIGIBILITY', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.recommender, 'PASS_ELIGIBILITY', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.admin, 'PASS_ELIGIBILITY', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.experts[0], 'PASS_ELIGIBILITY', NOT_VISIBLE);
      await expectForbidden(item, w.recommender, 'REJECT', RUNNER_FORBIDDEN, { comment: '驳回' });
      await expectForbidden(item, w.recommender, 'RETURN_FOR_AMENDMENT', RUNNER_FORBIDDEN, {
        comment: '退回',
      });
      await item.ok(w.office, 'PASS_ELIGIBILITY');

      // expertScoring: independent experts only, each once.
      const sheet = { data: { scores: scoreSheet(90) } };
      await expectForbidden(item, w.ownExpert, 'SUBMIT_SCORE', RUNNER_FORBIDDEN, sheet);
      await expectForbidden(item, w.office, 'SUBMIT_SCORE', RUNNER_FORBIDDEN, sheet);
      await expectForbidden(item, w.submitter, 'SUBMIT_SCORE', RUNNER_FORBIDDEN, sheet);
      await expectForbidden(item, w.recommender, 'SUBMIT_SCORE', RUNNER_FORBIDDEN, sheet);
      await expectForbidden(item, w.experts[0], 'RAISE_DISPUTE', RUNNER_FORBIDDEN, {
        comment: '争议',
      });
      // Once scored, the only thing the expert may do is revise the sheet (REVISE_SCORE) while
      // the panel is open; a second SUBMIT_SCORE is refused.
      expect(await item.ok(w.experts[0], 'SUBMIT_SCORE', sheet)).toMatchObject({
        state: 'expertScoring',
        version: 6,
        allowedEvents: ['REVISE_SCORE'],
      });
      const again = await item.send(w.experts[0], 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(10) },
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        state: 'expertScoring',
        version: 6,
        allowedEvents: ['REVISE_SCORE'],
      });
      const afterSecond = await item.get();
      expect(afterSecond.version).toBe(6);
      expect(afterSecond.scoring.scores).toEqual([
        expect.objectContaining({ expertId: w.experts[0].id, criteria: scoreSheet(90) }),
      ]);
      expect((await history(item.id)).filter((r) => r.eventType === 'SUBMIT_SCORE')).toHaveLength(
        1,
      );
      for (const [i, v] of [88, 85, 80, 92].entries()) {
        await item.ok(w.experts[i + 1], 'SUBMIT_SCORE', { data: { scores: scoreSheet(v) } });
      }

      // onSiteVerification and later: office staff only.
      await expectForbidden(item, w.recommender, 'CONFIRM_VERIFICATION', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.submitter, 'FAIL_VERIFICATION', RUNNER_FORBIDDEN, {
        comment: '不通过',
      });
      // The expert still sees the item they scored (issue 16), but may not act on it.
      await expectForbidden(item, w.experts[0], 'CONFIRM_VERIFICATION', RUNNER_FORBIDDEN);
      await item.ok(w.office, 'CONFIRM_VERIFICATION');
      await expectForbidden(item, w.recommender, 'PUBLISH', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.admin, 'PUBLISH', RUNNER_FORBIDDEN);
      await expectForbidden(item, w.submitter, 'REVOKE', RUNNER_FORBIDDEN, { comment: '撤销' });
      await item.ok(w.office, 'PUBLISH');
      await expectForbidden(item, w.recommender, 'REVOKE', RUNNER_FORBIDDEN, { comment: '撤销' });

      // suspended: only the office resolves.
      await item.ok(w.office, 'RAISE_DISPUTE', { comment: '权属争议' });
      await expectForbidden(item, w.submitter, 'RESOLVE_DISPUTE', RUNNER_FORBIDDEN, {
        comment: '已解决',
      });
      await expectForbidden(item, w.admin, 'RESOLVE_DISPUTE', RUNNER_FORBIDDEN, {
        comment: '已解决',
      });
      expect((await item.ok(w.office, 'RESOLVE_DISPUTE', { comment: '已解决' })).state).toBe(
        'published',
      );
      expect((await item.get()).version).toBe(14);
    });

    it('lets only submitters create achievements', async () => {
      const before = await listIds(w.office);
      for (const who of [w.recommender, w.office, w.admin, w.experts[0]]) {
        const res = await t
          .http()
          .post('/api/achievements')
          .set(who.auth)
          .send(techBreakthrough())
          .expect(403);
        expect(res.body.message).toBe('只有成果申报人可以创建成果');
      }
      expect(await listIds(w.office)).toEqual(before);
    });
  });

  describe('admin and office endpoints', () => {
    it('only the system administrator creates organisations, only the security administrator users', async () => {
      const orgsBefore = (await t.http().get('/api/organizations').set(w.office.auth).expect(200))
        .body;
      const usersBefore = (await t.http().get('/api/users').set(w.securityAdmin.auth).expect(200))
        .body;
      for (const who of [w.office, w.submitter, w.recommender, w.experts[0]]) {
        const org = await t
          .http()
          .post('/api/organizations')
          .set(who.auth)
          .send({ name: '某某新材料有限公司', type: 'enterprise', city: '杭州' })
          .expect(403);
        expect(org.body).toMatchObject({ message: ROLE_FORBIDDEN, requiredRoles: ['admin'] });
        const user = await t
          .http()
          .post('/api/users')
          .set(who.auth)
          .send({
            username: 'intruder',
            password: 'S3cure-pass!',
            displayName: '冒名者',
            organizationId: w.orgs.enterprise.id,
            roles: ['admin'],
          })
          .expect(403);
        expect(user.body.message).toBe(ROLE_FORBIDDEN);
        await t.http().get('/api/users').set(who.auth).expect(403);
      }
      // The system and audit administrators do not manage accounts either (三权分立).
      for (const who of [w.admin, w.auditAdmin]) {
        await t.http().get('/api/users').set(who.auth).expect(403);
      }
      expect(
        (await t.http().get('/api/organizations').set(w.office.auth).expect(200)).body,
      ).toEqual(orgsBefore);
      expect((await t.http().get('/api/users').set(w.securityAdmin.auth).expect(200)).body).toEqual(
        usersBefore,
      );
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'intruder', password: 'S3cure-pass!' })
        .expect(401);
    });

    it('only admins change the scoring policy and the reference domains', async () => {
      const policy = (await t.http().get('/api/settings/scoring').set(w.office.auth).expect(200))
        .body;
      const domains = (await t.http().get('/api/reference/domains').set(w.office.auth).expect(200))
        .body;
      for (const who of [w.office, w.submitter, w.experts[0]]) {
        await t
          .http()
          .put('/api/settings/scoring')
          .set(who.auth)
          .send({ ...policy, threshold: 10 })
          .expect(403);
        await t
          .http()
          .post('/api/reference/domains')
          .set(who.auth)
          .send({ key: 'quantumTech', name: '量子科技' })
          .expect(403);
      }
      expect(
        (await t.http().get('/api/settings/scoring').set(w.office.auth).expect(200)).body,
      ).toEqual(policy);
      expect(
        (await t.http().get('/api/reference/domains').set(w.office.auth).expect(200)).body,
      ).toEqual(domains);
    });

    it('only office staff and the audit administrator read the audit trail and verify it', async () => {
      for (const who of [
        w.submitter,
        w.recommender,
        w.experts[0],
        w.uniRecommender,
        w.admin,
        w.securityAdmin,
      ]) {
        for (const path of ['/api/audit', '/api/audit/verify', `/api/audit?actor=${who.id}`]) {
          const res = await t.http().get(path).set(who.auth).expect(403);
          expect(res.body).toMatchObject({
            message: ROLE_FORBIDDEN,
            requiredRoles: ['officeStaff', 'auditAdmin'],
          });
        }
      }
      for (const who of [w.office, w.auditAdmin]) {
        await t.http().get('/api/audit').set(who.auth).expect(200);
        expect((await t.http().get('/api/audit/verify').set(who.auth).expect(200)).body.ok).toBe(
          true,
        );
      }
    });

    it('only office staff close a collection period', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toSubmitted();
      for (const who of [w.submitter, w.recommender, w.experts[0], w.admin]) {
        const res = await t
          .http()
          .post('/api/collection/periods/2026-11/close')
          .set(who.auth)
          .expect(403);
        expect(res.body).toMatchObject({ message: ROLE_FORBIDDEN, requiredRoles: ['officeStaff'] });
      }
      expect(await item.get()).toMatchObject({ state: 'submitted', version: 3 });
      const closed = await t
        .http()
        .post('/api/collection/periods/2026-11/close')
        .set(w.office.auth)
        .expect(200);
      expect(closed.body).toEqual({ period: '2026-11', closed: 1, skipped: 0 });
      expect(await item.get()).toMatchObject({ state: 'eligibilityCheck', version: 4 });
    });
  });

  describe('visibility', () => {
    let hz: ItemDriver;
    let nb: ItemDriver;
    let uni: ItemDriver;

    beforeAll(async () => {
      hz = await ItemDriver.create(t, w);
      const create = async (who: Login) =>
        new ItemDriver(
          t,
          w,
          (
            await t
              .http()
              .post('/api/achievements')
              .set(who.auth)
              .send(techBreakthrough({ title: `${who === w.nbSubmitter ? '宁波' : '高校'}成果` }))
              .expect(201)
          ).body.id,
        );
      nb = await create(w.nbSubmitter);
      uni = await create(w.uniSubmitter);
    });

    const canGet = async (who: Login, item: ItemDriver) => {
      const res = await t.http().get(`/api/achievements/${item.id}`).set(who.auth);
      const hist = await t.http().get(`/api/achievements/${item.id}/history`).set(who.auth);
      expect(hist.status).toBe(res.status);
      if (res.status === 403) expect(res.body.message).toBe(NOT_VISIBLE);
      else expect(res.status).toBe(200);
      return res.status === 200;
    };

    it('shows a unit its own items and a recommending body the items it recommends, nothing else', async () => {
      const expected: [Login, ItemDriver[], ItemDriver[]][] = [
        [w.submitter, [hz], [nb, uni]],
        [w.ownExpert, [hz], [nb, uni]],
        [w.recommender, [hz], [nb, uni]],
        [w.nbSubmitter, [nb], [hz, uni]],
        [w.nbRecommender, [nb], [hz, uni]],
        [w.uniSubmitter, [uni], [hz, nb]],
        [w.uniRecommender, [uni], [hz, nb]],
        [w.experts[0], [], [hz, nb, uni]],
        [w.office, [hz, nb, uni], []],
        [w.admin, [hz, nb, uni], []],
      ];
      for (const [who, visible, hidden] of expected) {
        const ids = await listIds(who);
        for (const item of visible) {
          expect(await canGet(who, item)).toBe(true);
          expect(ids).toContain(item.id);
        }
        for (const item of hidden) {
          expect(await canGet(who, item)).toBe(false);
          expect(ids).not.toContain(item.id);
        }
      }
    });

    it('lists only what the caller may see, however the list is filtered', async () => {
      const nbList = (
        await t.http().get('/api/achievements?limit=100').set(w.nbSubmitter.auth).expect(200)
      ).body.items as { id: string; ownerOrganization: { id: string }; city: string }[];
      expect(nbList.length).toBeGreaterThan(0);
      for (const i of nbList) expect(i.ownerOrganization.id).toBe(w.orgs.nbEnterprise.id);

      // A filter narrows what one may see; it never widens it.
      expect(await listIds(w.recommender, '&city=宁波')).toEqual([]);
      expect(await listIds(w.nbRecommender, '&city=杭州')).toEqual([]);
      expect(await listIds(w.nbRecommender, `&q=${encodeURIComponent('高性能')}`)).not.toContain(
        hz.id,
      );
      expect(await listIds(w.office, '&city=宁波')).toEqual([nb.id]);
    });

    it('shows an expert an item from the moment they are seated, and keeps it once scoring closes', async () => {
      const item = await ItemDriver.create(t, w);
      const expert = w.experts[4];
      await item.toEligibility();
      expect(await canGet(expert, item)).toBe(false);
      expect(await listIds(expert)).not.toContain(item.id);

      await item.ok(w.office, 'PASS_ELIGIBILITY');
      expect(await canGet(expert, item)).toBe(true);
      expect(await listIds(expert)).toContain(item.id);
      expect(await listIds(expert, '&state=expertScoring')).toContain(item.id);
      // Every item an expert lists is one they sit or sat on; never another panel's.
      const seated = async (id: string) =>
        (
          (await t.http().get(`/api/achievements/${id}`).set(w.office.auth).expect(200)).body
            .scoring.panel as string[]
        ).includes(expert.id);
      for (const id of await listIds(expert)) expect(await seated(id)).toBe(true);

      await item.score([90, 88, 85, 80, 92]);
      expect((await item.get()).state).toBe('onSiteVerification');
      // Issue 16: the expert keeps read access to what they scored: their sheet and the outcome.
      expect(await canGet(expert, item)).toBe(true);
      expect(await listIds(expert)).toContain(item.id);
      expect(await listIds(expert, '&state=expertScoring')).not.toContain(item.id);
      const seen = await item.get(expert);
      expect(seen.scoring.scores).toEqual([
        expect.objectContaining({ expertId: expert.id, weighted: 92 }),
      ]);
      expect(seen.scoring.aggregate).toBe(87.67);
      expect(seen.scoring.panel).toBeUndefined();
    });

    it('keeps scoring blind: an expert sees only their own sheet, in the record and in the history', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      await item.ok(w.experts[0], 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(91), comment: '创新性突出' },
      });
      await item.ok(w.experts[1], 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(62), comment: '产业化证据不足' },
      });

      const scoresSeenBy = async (who: Login) => (await item.get(who)).scoring;
      const own = (i: number, v: number, comment: string) => [
        expect.objectContaining({
          expertId: w.experts[i].id,
          criteria: scoreSheet(v),
          weighted: v,
          comment,
        }),
      ];
      expect(await scoresSeenBy(w.experts[0])).toMatchObject({
        submitted: 2,
        aggregate: null,
        scores: own(0, 91, '创新性突出'),
      });
      expect(await scoresSeenBy(w.experts[1])).toMatchObject({
        submitted: 2,
        scores: own(1, 62, '产业化证据不足'),
      });
      expect((await scoresSeenBy(w.experts[2])).scores).toEqual([]);
      expect((await scoresSeenBy(w.submitter)).scores).toEqual([]);
      expect((await scoresSeenBy(w.recommender)).scores).toEqual([]);
      expect((await scoresSeenBy(w.ownExpert)).scores).toEqual([]);
      expect((await scoresSeenBy(w.office)).scores).toHaveLength(2);

      const historyAs = async (who: Login) =>
        (
          (await t.http().get(`/api/achievements/${item.id}/history`).set(who.auth).expect(200))
            .body as AuditRow[]
        ).filter((r) => r.eventType === 'SUBMIT_SCORE');
      // Blind review (#17, finding 6): an expert sees their own sheet, never that or when a
      // colleague scored, and no colleague's user id anywhere in the history.
      expect(await historyAs(w.experts[0])).toEqual([
        expect.objectContaining({
          actorId: w.experts[0].id,
          comment: '创新性突出',
          payload: { scores: scoreSheet(91) },
        }),
      ]);
      expect(await historyAs(w.experts[2])).toEqual([]);
      for (const [i, expert] of w.experts.entries()) {
        const text = JSON.stringify(
          (await t.http().get(`/api/achievements/${item.id}/history`).set(expert.auth).expect(200))
            .body,
        );
        for (const [j, other] of w.experts.entries()) {
          if (j !== i) expect(text).not.toContain(other.id);
        }
      }
      expect(await historyAs(w.submitter)).toEqual([
        expect.objectContaining({ comment: null, payload: {} }),
        expect.objectContaining({ comment: null, payload: {} }),
      ]);
      expect(await historyAs(w.office)).toMatchObject([
        { comment: '创新性突出', payload: { scores: scoreSheet(91) } },
        { comment: '产业化证据不足', payload: { scores: scoreSheet(62) } },
      ]);

      // Once the panel is complete the owner learns the aggregate, still not the sheets.
      for (const i of [2, 3, 4]) {
        await item.ok(w.experts[i], 'SUBMIT_SCORE', { data: { scores: scoreSheet(80) } });
      }
      // Sorted 62, 80, 80, 80, 91: drop both ends, (80 + 80 + 80) / 3 = 80.
      expect(await scoresSeenBy(w.submitter)).toMatchObject({
        submitted: 5,
        aggregate: 80,
        scores: [],
      });
    });
  });

  describe('PATCH', () => {
    it('is refused (403) to everyone but a submitter of the owning unit', async () => {
      const item = await ItemDriver.create(t, w);
      const before = await item.get();
      for (const who of [
        w.recommender,
        w.office,
        w.admin,
        w.ownExpert,
        entRecommender,
        w.uniSubmitter,
        w.nbSubmitter,
      ]) {
        const res = await t
          .http()
          .patch(`/api/achievements/${item.id}`)
          .set(who.auth)
          .send({ title: '被他人篡改的标题' });
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('只有成果所属单位的申报人可以修改');
      }
      expect(await item.get()).toEqual(before);
      const ok = await t
        .http()
        .patch(`/api/achievements/${item.id}`)
        .set(w.submitter.auth)
        .send({ title: '碳化硅功率芯片(修订)' })
        .expect(200);
      expect(ok.body).toMatchObject({ title: '碳化硅功率芯片(修订)', state: 'draft', version: 1 });
    });

    it('is refused (409) outside draft and returned', async () => {
      const item = await ItemDriver.create(t, w);
      const attempt = async (state: string) => {
        const before = await item.get();
        expect(before.state).toBe(state);
        const res = await t
          .http()
          .patch(`/api/achievements/${item.id}`)
          .set(w.submitter.auth)
          .send({ title: '提交后修改' })
          .expect(409);
        expect(res.body).toMatchObject({
          message: '只有草稿或退回修改状态的成果可以修改',
          state,
        });
        expect(await item.get()).toEqual(before);
      };
      await item.ok(w.submitter, 'SUBMIT');
      await attempt('recommendation');
      await item.ok(w.recommender, 'RECOMMEND');
      await attempt('submitted');
      await item.ok(w.office, 'BATCH_CLOSE');
      await attempt('eligibilityCheck');
      await item.ok(w.office, 'PASS_ELIGIBILITY');
      await attempt('expertScoring');
      await item.ok(w.office, 'RAISE_DISPUTE', { comment: '争议' });
      await attempt('suspended');
      await item.ok(w.office, 'RESOLVE_DISPUTE', { comment: '解决' });
      await item.score([90, 88, 85, 80, 92]);
      await attempt('onSiteVerification');
      await item.ok(w.office, 'FAIL_VERIFICATION', { comment: '核查不通过' });
      await attempt('rejected');
    });
  });
});
