import { evaluationHelpers } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  WORLD_DOMAINS,
  buildWorld,
  basicResearch,
  majorApplication,
  scoreSheet,
  type Login,
  type World,
} from './support/world';

/**
 * Evaluation through HTTP: the eligibility checklist, automatic panels that respect conflicts,
 * blind scoring, recusal, reminders and lapse with a controlled clock, consensus, and credit.
 */
describe('evaluation (HTTP)', () => {
  let t: TestApp;
  let w: World;
  /** Every expert login by user id, world experts and the spares below. */
  const byId = new Map<string, Login>();
  let spare: Login;
  let spare2: Login;
  let conflicted: Login;

  const h = evaluationHelpers(
    () => t,
    () => w,
  );
  const { get, post, panelOf, history } = h;

  /** Each panel member scores, in panel order, the given values. */
  async function scorePanel(item: ItemDriver, values: number[]) {
    const panel = await panelOf(item);
    let last = { state: '', version: 0, allowedEvents: [] as string[] };
    for (const [i, id] of panel.entries()) {
      last = await item.ok(byId.get(id)!, 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(values[i]), comment: `意见${i}` },
      });
    }
    return last;
  }

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T02:00:00Z') });
    w = await buildWorld(t);
    for (const e of w.experts) byId.set(e.id, e);
    const user = async (username: string, displayName: string, profile: object) => {
      const who = await h.addExpert(username, displayName, profile);
      byId.set(who.id, who);
      return who;
    };
    // A spare of another field, and one who declared a conflict with the fixtures' completer.
    spare = await user('expert-spare', '王五', { domains: ['biomedicine'] });
    spare2 = await user('expert-spare-2', '钱七', { domains: ['agricultureSeeds'] });
    conflicted = await user('expert-conflicted', '赵六', {
      domains: WORLD_DOMAINS,
      declaredConflicts: [{ kind: 'person', name: '李四', note: '合作者' }],
    });
  });
  afterAll(() => t?.close());

  describe('eligibility check', () => {
    it('records the checklist on entering, and an override of a failed rule needs a comment', async () => {
      const item = await ItemDriver.create(t, w, majorApplication());
      await item.toEligibility();
      const checklist = (
        await get(w.office, `/api/evaluation/items/${item.id}/eligibility`).expect(200)
      ).body;
      expect(checklist.recorded).toMatchObject({ trigger: 'BATCH_CLOSE', passed: false });
      const failed = checklist.recorded.results.filter((r: { passed: boolean }) => !r.passed);
      expect(failed.map((r: { rule: string }) => r.rule)).toEqual([
        'nationalProjectProof',
        'requiredAttachments',
      ]);
      expect(failed[0].reason).toContain('应用证明');
      await get(w.submitter, `/api/evaluation/items/${item.id}/eligibility`).expect(403);

      const refused = await item.send(w.office, 'PASS_ELIGIBILITY');
      expect(refused.status).toBe(400);
      expect(refused.body.errors.comment[0]).toContain('应用证明');
      expect((await item.get()).state).toBe('eligibilityCheck');

      await item.ok(w.office, 'PASS_ELIGIBILITY', { comment: '证明材料已线下核验' });
      const pass = (await history(item, w.office)).find((r) => r.eventType === 'PASS_ELIGIBILITY')!;
      expect(pass.comment).toBe('证明材料已线下核验');
      expect(pass.payload.eligibility).toEqual({
        failedRules: ['nationalProjectProof', 'requiredAttachments'],
        overridden: true,
      });
    });

    it('passes a complete record without a comment', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const checklist = (
        await get(w.office, `/api/evaluation/items/${item.id}/eligibility`).expect(200)
      ).body;
      expect(checklist.current.passed).toBe(true);
      await item.ok(w.office, 'PASS_ELIGIBILITY');
    });

    it('checks basic research papers against the editable top-journal list', async () => {
      const journals = (await get(w.office, '/api/evaluation/top-journals').expect(200)).body;
      expect(journals.map((j: { issn: string }) => j.issn)).toContain('0028-0836');
      await post(w.office, '/api/evaluation/top-journals', {
        name: '浙江大学学报',
        issn: '1008-973X',
        tier: 'T3',
      }).expect(403);
      await post(w.admin, '/api/evaluation/top-journals', {
        name: '浙江大学学报',
        issn: '1008-973X',
        tier: 'T3',
      }).expect(201);
      const item = await ItemDriver.create(
        t,
        w,
        basicResearch({
          evidence: {
            papers: [
              { journal: '浙江大学学报', year: 2026, doi: '10.3785/j.issn.1008-973X.2026.01.001' },
            ],
          },
        }),
      );
      await item.toEligibility();
      const checklist = (
        await get(w.office, `/api/evaluation/items/${item.id}/eligibility`).expect(200)
      ).body;
      expect(checklist.recorded.results[0]).toMatchObject({
        rule: 'topJournalPaper',
        passed: true,
      });
    });
  });

  describe('assignment and conflicts', () => {
    it('assigns a panel of five from the field, never a conflicted expert, and audits exclusions', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const panel = await panelOf(item);
      expect(panel).toHaveLength(5);
      expect(panel).not.toContain(conflicted.id);
      expect(panel).not.toContain(w.ownExpert.id);
      const pass = (await history(item, w.office)).find((r) => r.eventType === 'PASS_ELIGIBILITY')!;
      expect(pass.payload.conflicts).toEqual(
        expect.arrayContaining([
          { expertId: conflicted.id, kinds: ['declaredPerson'] },
          {
            expertId: w.ownExpert.id,
            kinds: expect.arrayContaining(['submittingUnit', 'sameUnit']),
          },
        ]),
      );
      const conflicts = (
        await get(w.office, `/api/evaluation/items/${item.id}/conflicts`).expect(200)
      ).body;
      expect(
        conflicts.find((c: { expertId: string }) => c.expertId === conflicted.id),
      ).toMatchObject({
        excluded: true,
        decision: null,
      });
      // Not on the panel: cannot see the item, cannot score it.
      await get(conflicted, `/api/achievements/${item.id}`).expect(403);
      const refused = await item.send(conflicted, 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(90) },
      });
      expect(refused.status).toBe(403);

      // The office clears the suggestion as a false positive; the office may then seat the expert.
      await post(w.office, `/api/evaluation/items/${item.id}/conflicts/${conflicted.id}`, {
        decision: 'falsePositive',
        reason: '同名不同人',
      }).expect(200);
      const override = [...panel.slice(0, 4), conflicted.id];
      await item.ok(w.office, 'ASSIGN_PANEL', { data: { panel: override }, comment: '调整专家组' });
      expect(await panelOf(item)).toEqual(override);
      const rows = await history(item, w.office);
      expect(rows.map((r) => r.eventType).slice(-2)).toEqual(['CONFLICT_CLEARED', 'ASSIGN_PANEL']);
      expect(rows.at(-2)).toMatchObject({
        comment: '同名不同人',
        payload: { expertId: conflicted.id },
      });
      const seats = (await get(w.office, `/api/evaluation/items/${item.id}/panel`).expect(200))
        .body;
      expect(
        seats.seats.find((s: { expert: { id: string } }) => s.expert.id === panel[4]),
      ).toMatchObject({ status: 'removed', endReason: '调整专家组' });
      await item.ok(conflicted, 'SUBMIT_SCORE', { data: { scores: scoreSheet(85) } });
    });

    it('refuses an office panel with a standing conflict', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const panel = await panelOf(item);
      const res = await item.send(w.office, 'ASSIGN_PANEL', {
        data: { panel: [...panel.slice(0, 4), w.ownExpert.id] },
        comment: '调整',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors['data.panel'][0]).toContain('利益冲突');
      expect(await panelOf(item)).toEqual(panel);
    });
  });

  describe('blind scoring', () => {
    it('hides expert identities and sheets from the unit, through the API', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const panel = await panelOf(item);
      await item.ok(byId.get(panel[0])!, 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(88), comment: '创新点突出' },
      });

      const seen = await item.get(w.submitter);
      expect(seen.scoring.panel).toBeUndefined();
      expect(seen.scoring.scores).toEqual([]);
      expect(seen.scoring.panelSize).toBe(5);
      const text = JSON.stringify(await history(item, w.submitter));
      for (const id of panel) expect(text).not.toContain(id);
      expect(JSON.stringify(seen)).not.toContain(panel[0]);
      // An expert of the panel sees only their own sheet before scoring.
      const second = await item.get(byId.get(panel[1]));
      expect(second.scoring).toMatchObject({ onPanel: true, scores: [] });
      expect(second.scoring.panel).toBeUndefined();
      await get(w.submitter, `/api/evaluation/items/${item.id}/panel`).expect(403);
      await get(byId.get(panel[1])!, `/api/evaluation/items/${item.id}/panel`).expect(403);
      // The history tells the unit and the other experts that a sheet came in, never what it said.
      const sheetRow = async (who: Login) => {
        const row = (await history(item, who)).find((r) => r.eventType === 'SUBMIT_SCORE')!;
        return { actorId: row.actorId, payload: row.payload, comment: row.comment };
      };
      expect(await sheetRow(w.submitter)).toEqual({ actorId: '', payload: {}, comment: null });
      // A colleague on the panel does not even learn that, or when, panel[0] scored (#17).
      expect(
        (await history(item, byId.get(panel[1])!)).some((r) => r.eventType === 'SUBMIT_SCORE'),
      ).toBe(false);
      expect(JSON.stringify(await history(item, byId.get(panel[1])!))).not.toContain(panel[0]);
      expect(JSON.stringify(await history(item, w.submitter))).not.toContain('创新点突出');
      expect(await sheetRow(w.office)).toMatchObject({
        actorId: panel[0],
        comment: '创新点突出',
        payload: { scores: scoreSheet(88) },
      });
      // A sheet may carry a remark per criterion; the office reads it, the unit never does.
      const third = byId.get(panel[2])!;
      const bad = await item.send(third, 'SUBMIT_SCORE', {
        data: {
          scores: scoreSheet(80),
          criterionComments: { innovation: 7, novelty: '无此项', benefit: 'x'.repeat(1001) },
        },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual([
        'data.criterionComments.benefit',
        'data.criterionComments.innovation',
        'data.criterionComments.novelty',
      ]);
      expect((await item.get(w.office)).scoring.scores).toHaveLength(1);
      await item.ok(third, 'SUBMIT_SCORE', {
        data: {
          scores: scoreSheet(80),
          criterionComments: { innovation: ' 方法新颖 ', maturity: '  ' },
        },
      });
      const sheets = (await item.get(w.office)).scoring.scores as {
        expertId: string;
        criterionComments?: Record<string, string>;
      }[];
      expect(sheets.find((x) => x.expertId === panel[2])!.criterionComments).toEqual({
        innovation: '方法新颖',
      });
      expect(JSON.stringify(await item.get(w.submitter))).not.toContain('方法新颖');
      expect(JSON.stringify(await history(item, w.submitter))).not.toContain('方法新颖');
      // Having scored, an expert still sees only their own sheet.
      await item.ok(byId.get(panel[1])!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(70) } });
      const own = (await item.get(byId.get(panel[1]))).scoring.scores;
      expect(own.map((x: { expertId: string }) => x.expertId)).toEqual([panel[1]]);
    });
  });

  describe('consensus', () => {
    it('sends a split panel to the office, which decides or opens a second round', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const split = await scorePanel(item, [95, 90, 88, 85, 20]);
      expect(split.state).toBe('consensus');
      const seen = await item.get(w.office);
      expect(seen.scoring).toMatchObject({ aggregate: 87.67, spread: 75 });
      expect(seen.allowedEvents).toEqual([
        'DECIDE_CONSENSUS',
        'OPEN_SECOND_ROUND',
        'RAISE_DISPUTE',
      ]);
      expect(
        (
          await item.send(w.office, 'DECIDE_CONSENSUS', {
            data: { decision: 'maybe' },
            comment: 'x',
          })
        ).status,
      ).toBe(400);
      expect((await item.send(w.office, 'OPEN_SECOND_ROUND')).status).toBe(400);
      const second = await item.ok(w.office, 'OPEN_SECOND_ROUND', { comment: '请专家再议' });
      expect(second.state).toBe('expertScoring');
      expect((await item.get(w.office)).scoring).toMatchObject({ round: 2, submitted: 0 });
      const closed = await scorePanel(item, [90, 88, 86, 85, 84]);
      expect(closed.state).toBe('onSiteVerification');

      const other = await ItemDriver.create(t, w);
      await other.toScoring();
      await scorePanel(other, [95, 90, 88, 85, 20]);
      const decided = await other.ok(w.office, 'DECIDE_CONSENSUS', {
        data: { decision: 'reject' },
        comment: '专家意见分歧较大,创新性存疑',
      });
      expect(decided.state).toBe('rejected');
      expect((await other.get(w.submitter)).outcome.reason).toContain('创新性存疑');
    });
  });

  describe('batch pass and office actions', () => {
    it('passes a batch at once, each item with its own conflict-free panel', async () => {
      const items = [await ItemDriver.create(t, w), await ItemDriver.create(t, w)];
      for (const item of items) await item.toEligibility();
      const ids = items.map((i) => i.id);
      await post(w.submitter, '/api/evaluation/eligibility/pass', { ids }).expect(403);
      await post(w.office, '/api/evaluation/eligibility/pass', { ids: ['x'] }).expect(400);
      const res = await post(w.office, '/api/evaluation/eligibility/pass', { ids }).expect(200);
      expect(res.body).toEqual(
        ids.map((id) => ({ id, state: 'expertScoring', panel: 5, shortfall: 0 })),
      );
      for (const item of items) {
        const panel = await panelOf(item);
        expect(panel).not.toContain(conflicted.id);
        expect(panel).not.toContain(w.ownExpert.id);
      }
      // A second pass of the same items is refused: they are no longer in eligibility check.
      await post(w.office, '/api/evaluation/eligibility/pass', { ids }).expect(409);
    });

    it('replaces a panel member whose conflict is confirmed after assignment, and remembers it', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const panel = await panelOf(item);
      const found = panel[0];
      await post(w.office, `/api/evaluation/items/${item.id}/conflicts/${found}`, {
        decision: 'falsePositive',
        reason: '系统未提示',
      }).expect(409);
      await post(w.office, `/api/evaluation/items/${item.id}/conflicts/${found}`, {
        decision: 'confirmed',
        reason: '该专家近三年与完成人合作发表论文',
      }).expect(200);
      const after = await panelOf(item);
      expect(after).not.toContain(found);
      expect(after).toHaveLength(5);
      const replaced = (await history(item, w.office)).at(-1)!;
      expect(replaced).toMatchObject({
        eventType: 'ASSIGN_PANEL',
        comment: '确认利益冲突:该专家近三年与完成人合作发表论文',
        payload: {
          change: { expertId: found, status: 'conflict' },
          conflict: { expertId: found, decision: 'confirmed' },
        },
      });
      // The replacement was drawn around the standing conflicts, and the row says so.
      expect(replaced.payload.conflicts).toEqual(
        expect.arrayContaining([
          { expertId: conflicted.id, kinds: ['declaredPerson'] },
          { expertId: w.ownExpert.id, kinds: expect.arrayContaining(['submittingUnit']) },
        ]),
      );
      const record = (await get(w.office, `/api/experts/${found}/record`).expect(200)).body;
      expect(record.facts.conflictsFoundLater).toBe(1);
      // The expert can no longer score the item, and will not be assigned to it again.
      const refused = await item.send(byId.get(found)!, 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(90) },
      });
      expect(refused.status).toBe(403);
    });

    it('counts a conflict confirmed after scoring closed against the expert who scored, once', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const panel = await panelOf(item);
      expect((await scorePanel(item, [86, 86, 86, 86, 86])).state).toBe('onSiteVerification');
      const found = panel[1];
      const later = async () =>
        (await get(w.office, `/api/experts/${found}/record`).expect(200)).body.facts
          .conflictsFoundLater as number;
      const before = await later();
      const confirm = () =>
        post(w.office, `/api/evaluation/items/${item.id}/conflicts/${found}`, {
          decision: 'confirmed',
          reason: '事后查明该专家曾任完成单位顾问',
        }).expect(200);
      await confirm();
      expect(await later()).toBe(before + 1);
      expect((await history(item, w.office)).at(-1)).toMatchObject({
        eventType: 'CONFLICT_CONFIRMED',
        comment: '事后查明该专家曾任完成单位顾问',
        payload: { expertId: found, decision: 'confirmed', foundAfterAssignment: true },
      });
      await confirm();
      expect(await later()).toBe(before + 1);
      expect((await item.get()).state).toBe('onSiteVerification');
    });

    it('sizes panels per domain, never below the scoring quorum', async () => {
      const put = (who: Login, body: object) =>
        t.http().put('/api/evaluation/settings').set(who.auth).send(body);
      await put(w.office, { panelSizeByDomain: { integratedCircuits: 6 } }).expect(403);
      await put(w.admin, { panelSizeByDomain: { integratedCircuits: 0 } }).expect(400);
      await put(w.admin, { panelSizeByDomain: { integratedCircuits: 6, biomedicine: 3 } }).expect(
        200,
      );
      const six = await ItemDriver.create(t, w);
      await six.toScoring();
      expect(await panelOf(six)).toHaveLength(6);
      const three = await ItemDriver.create(t, w, majorApplication({ domain: 'biomedicine' }));
      await three.toEligibility();
      await three.ok(w.office, 'PASS_ELIGIBILITY', { comment: '证明已核验' });
      expect(await panelOf(three)).toHaveLength(5);
      await put(w.admin, { panelSizeByDomain: {} }).expect(200);
    });
  });

  describe('expert pool', () => {
    it('lets the office manage profiles and flags, and shows credit with its inputs', async () => {
      const list = (await get(w.office, '/api/experts').expect(200)).body;
      expect(list.map((e: { id: string }) => e.id)).toEqual(
        expect.arrayContaining([...w.experts.map((e) => e.id), spare.id, w.ownExpert.id]),
      );
      await get(w.submitter, '/api/experts').expect(403);
      await t
        .http()
        .put(`/api/experts/${spare.id}/profile`)
        .set(w.office.auth)
        .send({ domains: ['noSuchField'], declaredConflicts: [], active: true })
        .expect(400);
      await post(w.office, `/api/experts/${spare.id}/flags`, { reason: '评审意见敷衍' }).expect(
        201,
      );
      const record = (await get(spare, `/api/experts/${spare.id}/record`).expect(200)).body;
      expect(record.facts.flags).toBe(1);
      expect(record.credit.terms).toEqual(
        expect.arrayContaining([{ input: 'flags', points: -record.credit.formula.flagPenalty }]),
      );
      // The formula is a setting: a heavier flag penalty moves the score by exactly that much.
      const settings = (await get(w.admin, '/api/evaluation/settings').expect(200)).body;
      const heavier = { ...settings.credit, flagPenalty: settings.credit.flagPenalty + 5 };
      await t
        .http()
        .put('/api/evaluation/settings')
        .set(w.admin.auth)
        .send({ credit: heavier })
        .expect(200);
      const reweighed = (await get(w.office, `/api/experts/${spare.id}/record`).expect(200)).body;
      expect(reweighed.credit.score).toBe(record.credit.score - 5);
      expect(reweighed.credit.formula.flagPenalty).toBe(heavier.flagPenalty);
      await t
        .http()
        .put('/api/evaluation/settings')
        .set(w.admin.auth)
        .send({ credit: settings.credit })
        .expect(200);
    });
  });

  describe('rubric', () => {
    it('starts from the default criteria and weights, and an edited rubric applies to items that enter scoring later', async () => {
      const put = (body: object) =>
        t.http().put('/api/settings/scoring').set(w.admin.auth).send(body);
      const before = (await get(w.office, '/api/settings/scoring').expect(200)).body;
      expect(before.weights).toEqual({
        innovation: 30,
        advancement: 25,
        significance: 20,
        benefit: 15,
        maturity: 10,
      });
      const scoring = await ItemDriver.create(t, w);
      await scoring.toScoring();
      await put({ ...before, weights: { foo: 1 }, quorum: 0 }).expect(400);
      await put({ ...before, weights: { innovation: 50, teamwork: 50 } }).expect(200);

      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      expect((await item.get()).scoring.policy.weights).toEqual({ innovation: 50, teamwork: 50 });
      const expert = byId.get((await panelOf(item))[0])!;
      const old = await item.send(expert, 'SUBMIT_SCORE', { data: { scores: scoreSheet(80) } });
      expect(old.status).toBe(400);
      expect(Object.keys(old.body.errors).sort()).toEqual([
        'data.scores.advancement',
        'data.scores.benefit',
        'data.scores.maturity',
        'data.scores.significance',
        'data.scores.teamwork',
      ]);
      const over = await item.send(expert, 'SUBMIT_SCORE', {
        data: { scores: { innovation: 101, teamwork: 50 } },
      });
      expect(over.status).toBe(400);
      expect(Object.keys(over.body.errors)).toEqual(['data.scores.innovation']);
      await item.ok(expert, 'SUBMIT_SCORE', { data: { scores: { innovation: 90, teamwork: 70 } } });
      const [sheet] = (await item.get(expert)).scoring.scores;
      expect(sheet.weighted).toBe(80);
      // An item already in scoring keeps the rubric it opened with.
      expect((await scoring.get()).scoring.policy.weights).toEqual(before.weights);
      await put(before).expect(200);
    });
  });

  describe('who is never seated', () => {
    it('keeps experts below the credit floor, inactive ones and confirmed conflicts off every panel, also the office-chosen ones', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const [low, ...others] = w.experts;
      for (const n of [1, 2, 3, 4, 5, 6]) {
        await post(w.office, `/api/experts/${low.id}/flags`, {
          reason: `评审意见敷衍(${n})`,
        }).expect(201);
      }
      const credit = async (who: Login) =>
        (await get(w.office, `/api/experts/${who.id}/record`).expect(200)).body.credit
          .score as number;
      const floor = (await credit(low)) + 1;
      for (const e of others) expect(await credit(e)).toBeGreaterThanOrEqual(floor);
      const settings = (req: object) =>
        t.http().put('/api/evaluation/settings').set(w.admin.auth).send(req).expect(200);
      const profile = (active: boolean) =>
        t
          .http()
          .put(`/api/experts/${spare.id}/profile`)
          .set(w.office.auth)
          .send({ domains: ['biomedicine'], declaredConflicts: [], active })
          .expect(200);
      await settings({ creditFloor: floor });
      await profile(false);
      // A conflict the rules cannot see, confirmed by the office before the panel is drawn.
      await post(w.office, `/api/evaluation/items/${item.id}/conflicts/${spare2.id}`, {
        decision: 'confirmed',
        reason: '该专家为完成单位的技术顾问',
      }).expect(200);
      expect((await history(item, w.office)).at(-1)).toMatchObject({
        eventType: 'CONFLICT_CONFIRMED',
        actorId: w.office.id,
        comment: '该专家为完成单位的技术顾问',
        payload: {
          expertId: spare2.id,
          decision: 'confirmed',
          kinds: [],
          foundAfterAssignment: false,
        },
      });

      await item.ok(w.office, 'PASS_ELIGIBILITY');
      const panel = await panelOf(item);
      expect([...panel].sort()).toEqual(others.map((e) => e.id).sort());
      const pass = (await history(item, w.office)).at(-1)!;
      expect(pass.payload.conflicts).toEqual(
        expect.arrayContaining([{ expertId: spare2.id, kinds: [] }]),
      );

      const refusals: [Login, string][] = [
        [low, `信誉分低于准入下限 ${floor}`],
        [spare, '不是可用的评审专家'],
        [spare2, '利益冲突'],
      ];
      for (const [who, message] of refusals) {
        const res = await item.send(w.office, 'ASSIGN_PANEL', {
          data: { panel: [...panel, who.id] },
          comment: '扩充专家组',
        });
        expect(res.status).toBe(400);
        expect(res.body.errors['data.panel'][0]).toContain(message);
      }
      expect(await panelOf(item)).toEqual(panel);
      // Members already seated stay seated when the office changes the rest of the panel.
      await item.ok(w.office, 'ASSIGN_PANEL', {
        data: { panel: panel.slice(1) },
        comment: '调整专家组',
      });
      expect(await panelOf(item)).toEqual(panel.slice(1));

      await settings({ creditFloor: 60 });
      await profile(true);
    });
  });
});
