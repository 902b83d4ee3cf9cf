import { jpeg, pdf, png } from './support/attachment-fixtures';
import {
  consoleSignIn,
  fieldError,
  postForm,
  type ConsoleSession as Session,
} from './support/console-session';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';

/**
 * The on-site visit, library and batch assignment review pages over HTTP: who may open and post
 * them (role and organisation), CSRF on every post, per-field errors with nothing written, and a
 * visit, a library entry and a batch of panels worked through the console.
 */
const DAY = 24 * 3600_000;

let t: TestApp;
let w: World;
let a: ItemDriver;
let b: ItemDriver;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
  a = await ItemDriver.create(t, w);
  await a.toVerification();
  b = await ItemDriver.create(t, w, techBreakthrough({ title: '海上风电智能运维平台' }));
  await b.toVerification();
}, 120_000);

afterAll(() => t.close());

const signIn = (username: string) => consoleSignIn(t, username);
const post = (who: Session, path: string, body: Record<string, string | string[]>) =>
  postForm(t, who, path, body);

const visitOf = async (item: ItemDriver) =>
  t.http().get(`/api/verification/items/${item.id}`).set(w.office.auth);
const auditCount = async (item: ItemDriver) =>
  (await t.http().get(`/api/achievements/${item.id}/history`).set(w.office.auth).expect(200)).body
    .length as number;

describe('on-site visit pages', () => {
  let office: Session;
  let expert1: Session;
  let expert2: Session;

  beforeAll(async () => {
    office = await signIn('office');
    expert1 = await signIn('expert1');
    expert2 = await signIn('expert2');
  });

  it('the office worklist leads to the visit page; others are refused by role and organisation', async () => {
    const tasks = await t.http().get('/tasks').set('Cookie', office.cookie).expect(200);
    expect(tasks.text).toContain(`href="/verification/${a.id}"`);
    expect(tasks.text).toContain('尚未组建核查组');
    const page = await t
      .http()
      .get(`/verification/${a.id}`)
      .set('Cookie', office.cookie)
      .expect(200);
    expect(page.text).toContain('id="team-form"');

    // Nobody but the office and the owning unit sees a visit before a team exists.
    await t.http().get(`/verification/${a.id}`).set('Cookie', expert1.cookie).expect(403);
    const nb = await signIn('nb-submitter');
    await t.http().get(`/verification/${a.id}`).set('Cookie', nb.cookie).expect(403);
    const recommender = await signIn('recommender');
    await t.http().get(`/verification/${a.id}`).set('Cookie', recommender.cookie).expect(403);
    await t.http().get(`/verification/${a.id}`).expect(303);

    const submitter = await signIn('submitter');
    for (const who of [expert1, submitter]) {
      const res = await post(who, `/verification/${a.id}/team`, {
        members: [w.office.id, w.experts[0].id],
      }).expect(403);
      expect(res.text).toContain('无权');
      await post(who, `/verification/${a.id}/schedule`, {
        date: '2026-11-06',
        place: '杭州',
      }).expect(403);
    }
    expect((await visitOf(a)).status).toBe(404);
  });

  it('every post needs the CSRF token', async () => {
    const before = await auditCount(a);
    for (const path of ['team', 'schedule', 'findings']) {
      const res = await t
        .http()
        .post(`/verification/${a.id}/${path}`)
        .set('Cookie', office.cookie)
        .type('form')
        .send({ members: w.experts[0].id, date: '2026-11-06', place: '杭州', narrative: 'x' })
        .expect(403);
      expect(res.text).toContain('CSRF');
    }
    const upload = await t
      .http()
      .post(`/verification/${a.id}/photos`)
      .set('Cookie', office.cookie)
      .attach('file', png(), { filename: 'a.png', contentType: 'image/png' })
      .expect(403);
    expect(upload.text).toContain('CSRF');
    expect(await auditCount(a)).toBe(before);
  });

  it('a bad team comes back with the errors beside the members, nothing written', async () => {
    const before = await auditCount(a);
    const none = await post(office, `/verification/${a.id}/team`, {}).expect(400);
    expect(fieldError(none.text, 'members')).toContain('至少需要2项');
    // A unit's submitter is no visit member; the error sits beside that row.
    const outsider = await post(office, `/verification/${a.id}/team`, {
      members: [w.office.id, w.submitter.id],
    }).expect(400);
    expect(fieldError(outsider.text, 'members.1')).toMatch(/省办工作人员|专家/);
    const duplicate = await post(office, `/verification/${a.id}/team`, {
      members: [w.office.id, w.office.id],
    }).expect(400);
    expect(fieldError(duplicate.text, 'members')).toContain('不能有重复项');
    expect((await visitOf(a)).status).toBe(404);
    expect(await auditCount(a)).toBe(before);

    const ok = await post(office, `/verification/${a.id}/team`, {
      members: [w.office.id, w.experts[0].id],
    }).expect(303);
    expect(ok.headers.location).toBe(`/verification/${a.id}`);
    expect((await visitOf(a)).body.team.map((m: { name: string }) => m.name)).toEqual([
      'office',
      'expert1',
    ]);
  });

  it('a bad schedule shows date and place errors; a good one arms the visit deadline', async () => {
    const bad = await post(office, `/verification/${a.id}/schedule`, {
      date: '2026-13-01',
      place: '',
    }).expect(400);
    expect(fieldError(bad.text, 'date')).toBe('日期格式应为 YYYY-MM-DD');
    expect(fieldError(bad.text, 'place')).toBe('不能为空');
    expect(bad.text).toContain('value="2026-13-01"');
    const past = await post(office, `/verification/${a.id}/schedule`, {
      date: '2026-11-01',
      place: '杭州',
    }).expect(400);
    expect(fieldError(past.text, 'date')).toBe('核查日期不能早于今天');
    expect((await visitOf(a)).body.visitDate).toBeNull();

    await post(office, `/verification/${a.id}/schedule`, {
      date: '2026-11-05',
      place: '杭州市滨江区',
    }).expect(303);
    const tasks = await t.http().get('/tasks').set('Cookie', office.cookie).expect(200);
    expect(tasks.text).toContain('2026/11/05 24:00');
  });

  it('only the team records photos and findings; bad findings are shown per field', async () => {
    // expert2 sits on b's team, not on a's.
    await post(office, `/verification/${b.id}/team`, {
      members: [w.office.id, w.experts[1].id],
    }).expect(303);
    const stranger = await post(expert2, `/verification/${a.id}/findings`, {
      'checklist.0.item': '产线一致',
      'checklist.0.passed': 'on',
      narrative: '冒名',
      conclusion: 'pass',
    }).expect(403);
    expect(stranger.text).toContain('只有核查组成员');
    await t
      .http()
      .post(`/verification/${a.id}/photos`)
      .set('Cookie', expert2.cookie)
      .field('_csrf', expert2.csrf)
      .attach('file', png(), { filename: 'a.png', contentType: 'image/png' })
      .expect(403);

    const tasks = await t.http().get('/tasks').set('Cookie', expert1.cookie).expect(200);
    expect(tasks.text).toContain('id="tasks-visits"');
    expect(tasks.text).toContain(`href="/verification/${a.id}"`);

    const wrongType = await t
      .http()
      .post(`/verification/${a.id}/photos`)
      .set('Cookie', expert1.cookie)
      .field('_csrf', expert1.csrf)
      .attach('file', pdf(), { filename: 'photo.png', contentType: 'image/png' })
      .expect(400);
    expect(fieldError(wrongType.text, 'file')).toContain('JPEG 或 PNG');
    await t
      .http()
      .post(`/verification/${a.id}/photos`)
      .set('Cookie', expert1.cookie)
      .field('_csrf', expert1.csrf)
      .attach('file', jpeg(), { filename: '现场.jpg', contentType: 'image/jpeg' })
      .expect(303);

    const before = await auditCount(a);
    const bad = await post(expert1, `/verification/${a.id}/findings`, {
      'checklist.0.item': '',
      'checklist.0.passed': 'on',
      'checklist.1.item': '产线一致',
      narrative: '',
      conclusion: 'maybe',
    }).expect(400);
    expect(fieldError(bad.text, 'checklist.0.item')).toBe('不能为空');
    expect(fieldError(bad.text, 'narrative')).toBe('不能为空');
    expect(fieldError(bad.text, 'conclusion')).toContain('取值不在允许范围内');
    expect(bad.text).toContain('value="产线一致"');
    expect((await visitOf(a)).body.report).toBeNull();
    expect(await auditCount(a)).toBe(before);

    await post(expert1, `/verification/${a.id}/findings`, {
      'checklist.0.item': '生产线与申报材料一致',
      'checklist.0.passed': 'on',
      'checklist.1.item': '销售合同',
      'checklist.1.note': '抽查3份',
      narrative: '现场查看量产线。',
      conclusion: 'pass',
    }).expect(303);
    const report = (await visitOf(a)).body.report;
    expect(report.conclusion).toBe('pass');
    expect(report.checklist).toEqual([
      { item: '生产线与申报材料一致', passed: true },
      { item: '销售合同', passed: false, note: '抽查3份' },
    ]);
    const page = await t
      .http()
      .get(`/verification/${a.id}`)
      .set('Cookie', office.cookie)
      .expect(200);
    expect(page.text).toContain('data-event="CONFIRM_VERIFICATION"');
    expect(page.text).toContain('现场.jpg');
  });

  it('the office confirms from the visit page; a missed visit day shows as overdue', async () => {
    await post(office, `/items/${a.id}/events`, {
      type: 'CONFIRM_VERIFICATION',
      comment: '核查属实',
    }).expect(303);
    expect((await a.get()).state).toBe('inLibrary');

    await post(office, `/verification/${b.id}/schedule`, {
      date: '2026-11-05',
      place: '宁波',
    }).expect(303);
    t.clock.advance(DAY);
    const page = await t
      .http()
      .get(`/verification/${b.id}`)
      .set('Cookie', office.cookie)
      .expect(200);
    expect(page.text).toContain('已逾期,尚未记录核查结果');
    const tasks = await t.http().get('/tasks').set('Cookie', expert2.cookie).expect(200);
    expect(tasks.text).toMatch(/id="tasks-visits"[\s\S]*已逾期/);
    const officeTasks = await t.http().get('/tasks').set('Cookie', office.cookie).expect(200);
    expect(officeTasks.text).toMatch(/id="tasks-verification"[\s\S]*overdue-mark/);
  });
});

describe('library pages', () => {
  let office: Session;
  let submitter: Session;

  beforeAll(async () => {
    office = await signIn('office');
    submitter = await signIn('submitter');
  });

  const libraryOf = async () =>
    (await t.http().get(`/api/library/${a.id}`).set(w.office.auth).expect(200)).body;

  it('lists the library with filters and refuses experts and other units', async () => {
    const list = await t.http().get('/library').set('Cookie', office.cookie).expect(200);
    expect(list.text).toContain(`href="/library/${a.id}"`);
    const none = await t
      .http()
      .get('/library?flag=majorSpecialProject')
      .set('Cookie', office.cookie)
      .expect(200);
    expect(none.text).toContain('没有符合条件的入库成果');
    const bad = await t
      .http()
      .get('/library?minScore=abc')
      .set('Cookie', office.cookie)
      .expect(400);
    expect(bad.text).toContain('筛选条件有误');

    const expert = await signIn('expert1');
    await t.http().get('/library').set('Cookie', expert.cookie).expect(403);
    await t.http().get(`/library/${a.id}`).set('Cookie', expert.cookie).expect(403);
    const nb = await signIn('nb-submitter');
    const nbList = await t.http().get('/library').set('Cookie', nb.cookie).expect(200);
    expect(nbList.text).not.toContain(a.id);
    await t.http().get(`/library/${a.id}`).set('Cookie', nb.cookie).expect(403);
    const own = await t.http().get(`/library/${a.id}`).set('Cookie', submitter.cookie).expect(200);
    expect(own.text).toContain('id="progress-form"');
    expect(own.text).not.toContain('id="evaluation-form"');
  });

  it('only the office records evaluations and flags, with the CSRF token', async () => {
    const recommender = await signIn('recommender');
    for (const who of [submitter, recommender]) {
      await post(who, `/library/${a.id}/evaluations`, {
        type: 'peer',
        evaluator: '某评估机构',
        date: '2026-11-05',
        findings: '良好',
        rating: 'good',
      }).expect(403);
      await post(who, `/library/${a.id}/flags`, { majorSpecialProject: 'on', reason: 'x' }).expect(
        403,
      );
    }
    for (const path of ['evaluations', 'flags', 'progress']) {
      const res = await t
        .http()
        .post(`/library/${a.id}/${path}`)
        .set('Cookie', office.cookie)
        .type('form')
        .send({ type: 'peer', reason: 'x', title: 'x', content: 'x' })
        .expect(403);
      expect(res.text).toContain('CSRF');
    }
    expect((await libraryOf()).evaluations).toEqual([]);
  });

  it('a bad evaluation shows each field error and writes nothing; a good one is recorded', async () => {
    const before = await auditCount(a);
    const bad = await post(office, `/library/${a.id}/evaluations`, {
      type: 'gossip',
      evaluator: '',
      date: '2026-11-31',
      findings: '',
      rating: '',
    }).expect(400);
    expect(fieldError(bad.text, 'type')).toContain('取值不在允许范围内');
    expect(fieldError(bad.text, 'evaluator')).toBe('不能为空');
    expect(fieldError(bad.text, 'findings')).toBe('不能为空');
    expect(fieldError(bad.text, 'rating')).toContain('取值不在允许范围内');
    const future = await post(office, `/library/${a.id}/evaluations`, {
      type: 'peer',
      evaluator: '某评估机构',
      date: '2027-01-01',
      findings: '良好',
      rating: 'good',
    }).expect(400);
    expect(fieldError(future.text, 'date')).toBe('评价日期不能晚于今天');
    expect(future.text).toContain('value="某评估机构"');
    expect((await libraryOf()).evaluations).toEqual([]);
    expect(await auditCount(a)).toBe(before);

    await post(office, `/library/${a.id}/evaluations`, {
      type: 'thirdParty',
      evaluator: '浙江省科技评估和成果转化中心',
      date: '2026-11-05',
      findings: '技术指标达到国内领先。',
      rating: 'excellent',
    }).expect(303);
    const page = await t.http().get(`/library/${a.id}`).set('Cookie', office.cookie).expect(200);
    expect(page.text).toContain('第三方评价');
    expect((await libraryOf()).evaluations).toHaveLength(1);
  });

  it('flags need a reason; progress goes from the unit to the office for review', async () => {
    const noReason = await post(office, `/library/${a.id}/flags`, {
      majorSpecialProject: 'on',
      reason: '',
    }).expect(400);
    expect(fieldError(noReason.text, 'reason')).toBe('不能为空');
    expect((await libraryOf()).flags.majorSpecialProject).toBe(false);
    await post(office, `/library/${a.id}/flags`, {
      majorSpecialProject: 'on',
      reason: '纳入省重大专项',
    }).expect(303);
    expect((await libraryOf()).flags.majorSpecialProject).toBe(true);

    const emptyProgress = await post(submitter, `/library/${a.id}/progress`, {
      title: '',
      content: '',
    }).expect(400);
    expect(fieldError(emptyProgress.text, 'title')).toBe('不能为空');
    expect(fieldError(emptyProgress.text, 'content')).toBe('不能为空');
    expect((await libraryOf()).progress).toEqual([]);
    await post(office, `/library/${a.id}/progress`, { title: '量产', content: '二代' }).expect(403);
    await post(submitter, `/library/${a.id}/progress`, {
      title: '第二代产品量产',
      content: '良率提升至95%。',
    }).expect(303);
    const progressId = (await libraryOf()).progress[0].id as string;

    await post(submitter, `/library/${a.id}/progress/${progressId}/decision`, {
      decision: 'approve',
    }).expect(403);
    const noComment = await post(office, `/library/${a.id}/progress/${progressId}/decision`, {
      decision: 'reject',
    }).expect(400);
    expect(fieldError(noComment.text, 'comment')).toBe('退回最新进展必须填写理由');
    expect((await libraryOf()).progress[0].status).toBe('pending');
    await post(office, `/library/${a.id}/progress/${progressId}/decision`, {
      decision: 'approve',
    }).expect(303);
    expect((await libraryOf()).progress[0].status).toBe('approved');
  });
});

describe('batch assignment review page', () => {
  let office: Session;
  let consensus: ItemDriver;
  let scoring: ItemDriver;

  beforeAll(async () => {
    office = await signIn('office');
    consensus = await ItemDriver.create(t, w);
    await consensus.toScoring();
    await consensus.score([95, 90, 88, 85, 20]);
    scoring = await ItemDriver.create(t, w);
    await scoring.toScoring();
  }, 120_000);

  it('is for the office; experts and units are refused and every post needs the CSRF token', async () => {
    for (const username of ['expert1', 'submitter', 'recommender']) {
      const who = await signIn(username);
      await t.http().get('/review').set('Cookie', who.cookie).expect(403);
      await post(who, `/review/${scoring.id}/fill`, { reason: '补足' }).expect(403);
    }
    for (const path of [
      `/review/${scoring.id}/fill`,
      `/review/${scoring.id}/conflicts/${w.experts[0].id}`,
    ]) {
      const res = await t
        .http()
        .post(path)
        .set('Cookie', office.cookie)
        .type('form')
        .send({ reason: '补足', decision: 'confirmed' })
        .expect(403);
      expect(res.text).toContain('CSRF');
    }
  });

  it('shows the scoring panels and the consensus cases, linked from the worklist', async () => {
    const tasks = await t.http().get('/tasks').set('Cookie', office.cookie).expect(200);
    expect(tasks.text).toMatch(/id="tasks-consensus"[\s\S]*href="\/review"/);
    const page = await t.http().get('/review').set('Cookie', office.cookie).expect(200);
    expect(page.text).toContain(`id="panel-${scoring.id}"`);
    expect(page.text).toContain('专家 5/5 人');
    expect(page.text).toContain(`id="consensus-${consensus.id}"`);
    expect(page.text).toContain('data-event="DECIDE_CONSENSUS:pass"');
    expect(page.text).toContain('data-event="OPEN_SECOND_ROUND"');
  });

  it('bad input comes back with its messages and nothing written; a full panel cannot be filled', async () => {
    const before = await auditCount(scoring);
    const noReason = await post(office, `/review/${scoring.id}/fill`, { reason: '' }).expect(400);
    // A full panel has no fill form to sit beside, so the message heads the page.
    expect(noReason.text).toMatch(/id="form-errors">提交的数据有误:不能为空</);
    const badDecision = await post(office, `/review/${scoring.id}/conflicts/${w.experts[0].id}`, {
      decision: 'perhaps',
      reason: '核实',
    }).expect(400);
    expect(badDecision.text).toMatch(/id="form-errors">提交的数据有误:取值不在允许范围内/);
    const full = await post(office, `/review/${scoring.id}/fill`, { reason: '补足' }).expect(409);
    expect(full.text).toContain('专家库中没有可补充的专家');
    const noSuggestion = await post(office, `/review/${scoring.id}/conflicts/${w.experts[0].id}`, {
      decision: 'falsePositive',
      reason: '核实',
    }).expect(409);
    expect(noSuggestion.text).toContain('系统未提示');
    expect(await auditCount(scoring)).toBe(before);
  });

  it('the office decides a consensus case from the page', async () => {
    await post(office, `/items/${consensus.id}/events`, {
      type: 'DECIDE_CONSENSUS:pass',
      comment: '多数专家意见一致',
    }).expect(303);
    expect((await consensus.get()).state).toBe('onSiteVerification');
    const page = await t.http().get('/review').set('Cookie', office.cookie).expect(200);
    expect(page.text).not.toContain(`id="consensus-${consensus.id}"`);
  });
  it('passes eligibility for several items at once; bad input is shown beside the field', async () => {
    const items = [await ItemDriver.create(t, w), await ItemDriver.create(t, w)];
    for (const item of items) await item.toEligibility();
    const ids = items.map((i) => i.id);
    const expert = await signIn('expert1');
    await post(expert, '/review/eligibility', { ids }).expect(403);
    const noToken = await t
      .http()
      .post('/review/eligibility')
      .set('Cookie', office.cookie)
      .type('form')
      .send({ ids: ids[0] })
      .expect(403);
    expect(noToken.text).toContain('CSRF');

    const page = await t.http().get('/review').set('Cookie', office.cookie).expect(200);
    expect(page.text).toContain(`name="ids" value="${ids[0]}"`);
    const none = await post(office, '/review/eligibility', {}).expect(400);
    expect(fieldError(none.text, 'ids')).toBe('至少需要1项');
    const bad = await post(office, '/review/eligibility', { ids: ['x'] }).expect(400);
    expect(fieldError(bad.text, 'ids')).toBe('必须是有效的 ID');
    for (const item of items) expect((await item.get()).state).toBe('eligibilityCheck');

    await post(office, '/review/eligibility', { ids }).expect(303);
    for (const item of items) {
      const view = await item.get();
      expect(view.state).toBe('expertScoring');
      expect(view.scoring.panel).toHaveLength(5);
    }
  });
});
