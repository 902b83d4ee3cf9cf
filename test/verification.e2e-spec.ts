import { TimerService } from '../src/scheduling/timer.service';
import { jpeg, pdf } from './support/attachment-fixtures';
import { evaluationHelpers, type AuditRow } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  INITIAL_PASSWORD,
  buildWorld,
  firstLogin,
  type Login,
  type World,
} from './support/world';

const base = (id: string) => `/api/verification/items/${id}`;
const CHECKLIST = [
  { item: '生产线与申报材料一致', passed: true },
  { item: '核心工艺现场演示', passed: true, note: '演示正常' },
];

describe('on-site verification (HTTP)', () => {
  let t: TestApp;
  let w: World;
  let h: ReturnType<typeof evaluationHelpers>;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    h = evaluationHelpers(
      () => t,
      () => w,
    );
  });
  afterAll(() => t.close());

  const put = (who: Login, path: string, body: object) =>
    t.http().put(path).set(who.auth).send(body);
  const history = (item: ItemDriver) => h.history(item, w.office);
  const eventTypes = async (item: ItemDriver) => (await history(item)).map((r) => r.eventType);
  const overdueCount = async (who: Login, item: ItemDriver) =>
    (await h.inboxKinds(who, item)).filter((k) => k === 'verification.overdue').length;
  const photo = (item: ItemDriver, who: Login, bytes: Buffer, name: string) =>
    t
      .http()
      .post(`${base(item.id)}/photos`)
      .set(who.auth)
      .attach('file', bytes, name);

  async function itemInVerification(): Promise<ItemDriver> {
    const item = await ItemDriver.create(t, w);
    await item.toVerification();
    expect((await item.get()).state).toBe('onSiteVerification');
    return item;
  }

  it('forms a team under the panel conflict rules, refusing bad members with nothing written', async () => {
    const item = await itemInVerification();
    const before = await eventTypes(item);

    // The expert works at the submitting unit: a conflict of interest, as for a panel.
    const conflicted = await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, w.ownExpert.id],
    }).expect(400);
    expect(conflicted.body.errors['members.1'][0]).toContain('利益冲突');
    // A unit's submitter is neither office staff nor an expert.
    const outsider = await put(w.office, `${base(item.id)}/team`, {
      members: [w.submitter.id, w.experts[0].id],
    }).expect(400);
    expect(outsider.body.errors['members.0'][0]).toMatch(/省办工作人员|专家/);
    const duplicate = await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, w.office.id],
    }).expect(400);
    expect(duplicate.body.errors.members[0]).toBe('不能有重复项');
    await t
      .http()
      .post('/api/users')
      .set(w.securityAdmin.auth)
      .send({
        username: 'office2',
        password: INITIAL_PASSWORD,
        displayName: '省办二',
        organizationId: w.orgs.province.id,
        roles: ['officeStaff'],
      })
      .expect(201);
    const office2 = await firstLogin(t, 'office2');
    const staffOnly = await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, office2.id],
    }).expect(400);
    expect(staffOnly.body.errors).toEqual({ members: ['核查组至少需要一名专家'] });
    const malformed = await put(w.office, `${base(item.id)}/team`, {
      members: ['nope'],
      extra: 1,
    }).expect(400);
    expect(Object.keys(malformed.body.errors).sort()).toEqual(['extra', 'members']);
    for (const messages of Object.values<string[]>(malformed.body.errors)) {
      expect(messages.join('')).toMatch(/[\u4e00-\u9fff]/);
    }

    // Role and organisation: only the office forms teams.
    for (const who of [w.recommender, w.submitter, w.experts[0]]) {
      await put(who, `${base(item.id)}/team`, {
        members: [w.office.id, w.experts[0].id],
      }).expect(403);
    }
    await t.http().get(base(item.id)).set(w.office.auth).expect(404);
    expect(await eventTypes(item)).toEqual(before);

    const formed = await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, w.experts[0].id],
    }).expect(200);
    expect(formed.body.team).toEqual([
      { userId: w.office.id, name: 'office', kind: 'staff' },
      { userId: w.experts[0].id, name: 'expert1', kind: 'expert' },
    ]);
    const rows = await history(item);
    expect(rows.at(-1)).toMatchObject({
      eventType: 'VERIFICATION_TEAM_FORMED',
      actorId: w.office.id,
      payload: {
        visitId: formed.body.id,
        team: [
          { userId: w.office.id, kind: 'staff' },
          { userId: w.experts[0].id, kind: 'expert' },
        ],
      },
    });
    // The team sees its visit; an expert outside it and the unit do not.
    await t.http().get(base(item.id)).set(w.experts[0].auth).expect(200);
    await t.http().get(base(item.id)).set(w.experts[1].auth).expect(403);
    await t.http().get(base(item.id)).set(w.nbSubmitter.auth).expect(403);
    await t.http().get(base(item.id)).set(w.recommender.auth).expect(403);
  });

  it('schedules a visit, records photos and findings, and confirms with the report in the audit', async () => {
    const item = await itemInVerification();
    await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, w.experts[0].id, w.experts[1].id],
    }).expect(200);

    // With a team formed, confirming needs a report.
    const early = await item.send(w.office, 'CONFIRM_VERIFICATION').expect(409);
    expect(early.body.message).toContain('核查报告');

    const bad = await put(w.office, `${base(item.id)}/schedule`, {
      date: '2026-11-04',
      place: '',
    }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['place']);
    const past = await put(w.office, `${base(item.id)}/schedule`, {
      date: '2026-11-04',
      place: '杭州市滨江区',
    }).expect(400);
    expect(past.body.errors.date).toEqual(['核查日期不能早于今天']);
    const invalid = await put(w.office, `${base(item.id)}/schedule`, {
      date: '2026-02-30',
      place: '杭州市滨江区',
    }).expect(400);
    expect(invalid.body.errors.date).toEqual(['不是有效的日期']);
    await put(w.recommender, `${base(item.id)}/schedule`, {
      date: '2026-11-07',
      place: '杭州市滨江区',
    }).expect(403);

    const scheduled = await put(w.office, `${base(item.id)}/schedule`, {
      date: '2026-11-07',
      place: '杭州市滨江区某某路1号',
    }).expect(200);
    expect(scheduled.body).toMatchObject({ visitDate: '2026-11-07', overdue: false });
    // The unit hosting the visit is told when and where, and sees the team but no report.
    expect(await h.inboxKinds(w.submitter, item)).toContain('verification.scheduled');
    expect(await h.inboxKinds(w.nbSubmitter, item)).toEqual([]);

    const findings = { checklist: CHECKLIST, narrative: '现场核查情况属实。', conclusion: 'pass' };
    // Not before the visit day, and only by the team.
    await t
      .http()
      .post(`${base(item.id)}/findings`)
      .set(w.experts[0].auth)
      .send(findings)
      .expect(409);
    t.clock.set(new Date('2026-11-07T01:00:00Z'));
    await t
      .http()
      .post(`${base(item.id)}/findings`)
      .set(w.experts[2].auth)
      .send(findings)
      .expect(403);
    await t
      .http()
      .post(`${base(item.id)}/findings`)
      .set(w.submitter.auth)
      .send(findings)
      .expect(403);

    // Photos: JPEG/PNG by content, from the team only.
    await photo(item, w.experts[2], jpeg(), '现场.jpg').expect(403);
    const notPhoto = await photo(item, w.experts[0], pdf(), '现场.jpg').expect(400);
    expect(notPhoto.body.errors.file[0]).toContain('JPEG');
    const withPhoto = await photo(item, w.experts[0], jpeg(), '生产线.jpg').expect(201);
    expect(withPhoto.body.photos).toHaveLength(1);
    expect(withPhoto.body.photos[0].fileName).toBe('生产线.jpg');

    const before = await eventTypes(item);
    const wrong = await t
      .http()
      .post(`${base(item.id)}/findings`)
      .set(w.experts[0].auth)
      .send({ checklist: [{ item: '', passed: 'yes' }], narrative: '', conclusion: 'maybe' })
      .expect(400);
    expect(Object.keys(wrong.body.errors).sort()).toEqual([
      'checklist.0.item',
      'checklist.0.passed',
      'conclusion',
      'narrative',
    ]);
    expect(await eventTypes(item)).toEqual(before);

    const reported = await t
      .http()
      .post(`${base(item.id)}/findings`)
      .set(w.experts[0].auth)
      .send(findings)
      .expect(201);
    expect(reported.body.report).toMatchObject({
      conclusion: 'pass',
      narrative: '现场核查情况属实。',
      reportedBy: w.experts[0].id,
    });
    await t
      .http()
      .post(`${base(item.id)}/findings`)
      .set(w.experts[1].auth)
      .send(findings)
      .expect(409);
    await photo(item, w.experts[0], jpeg(), '补拍.jpg').expect(409);
    const byUnit = await t.http().get(base(item.id)).set(w.submitter.auth).expect(200);
    expect(byUnit.body).toMatchObject({
      visitDate: '2026-11-07',
      place: '杭州市滨江区某某路1号',
      report: null,
      photos: [],
    });
    expect(byUnit.body.team).toHaveLength(3);

    // Only the office confirms; the confirmation references the report.
    await item.send(w.experts[0], 'CONFIRM_VERIFICATION').expect(403);
    expect((await item.ok(w.office, 'CONFIRM_VERIFICATION')).state).toBe('inLibrary');
    const rows = await history(item);
    expect(rows.map((r) => r.eventType).slice(-5)).toEqual([
      'VERIFICATION_TEAM_FORMED',
      'VERIFICATION_SCHEDULED',
      'VERIFICATION_PHOTO_ADDED',
      'VERIFICATION_REPORTED',
      'CONFIRM_VERIFICATION',
    ]);
    const confirm = rows.find((r) => r.eventType === 'CONFIRM_VERIFICATION') as AuditRow;
    const report = rows.find((r) => r.eventType === 'VERIFICATION_REPORTED') as AuditRow;
    expect(confirm.payload.verification).toEqual({
      visitId: reported.body.id,
      visitDate: '2026-11-07',
      conclusion: 'pass',
      reportedAt: reported.body.report.reportedAt,
      reportHash: reported.body.report.hash,
    });
    expect(report.payload).toMatchObject({
      reportHash: reported.body.report.hash,
      photos: [withPhoto.body.photos[0].id],
      conclusion: 'pass',
    });
    // The team's view still shows the report; nothing may change any more.
    await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, w.experts[3].id],
    }).expect(409);
    expect((await t.http().get('/api/audit/verify').set(w.office.auth).expect(200)).body.ok).toBe(
      true,
    );
  });

  it('cannot confirm a failed report; FAIL_VERIFICATION carries it instead', async () => {
    t.clock.set(new Date('2026-11-08T01:00:00Z'));
    const item = await itemInVerification();
    await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, w.experts[2].id],
    }).expect(200);
    await put(w.office, `${base(item.id)}/schedule`, {
      date: '2026-11-08',
      place: '杭州',
    }).expect(200);
    const reported = await t
      .http()
      .post(`${base(item.id)}/findings`)
      .set(w.office.auth)
      .send({
        checklist: [{ item: '生产线与申报材料一致', passed: false }],
        narrative: '现场未见量产线。',
        conclusion: 'fail',
      })
      .expect(201);
    const refused = await item.send(w.office, 'CONFIRM_VERIFICATION').expect(409);
    expect(refused.body.message).toContain('不通过');
    await item.send(w.office, 'FAIL_VERIFICATION').expect(400);
    expect(
      (await item.ok(w.office, 'FAIL_VERIFICATION', { comment: '现场核查不通过' })).state,
    ).toBe('rejected');
    const rows = await history(item);
    expect(rows.at(-1)).toMatchObject({
      eventType: 'FAIL_VERIFICATION',
      payload: { verification: { conclusion: 'fail', reportHash: reported.body.report.hash } },
    });
  });

  it('reminds the team and the office once when a visit day passes without a report', async () => {
    t.clock.set(new Date('2026-11-10T01:00:00Z'));
    const timers = t.app.get(TimerService);
    const item = await itemInVerification();
    await put(w.office, `${base(item.id)}/team`, {
      members: [w.office.id, w.experts[3].id],
    }).expect(200);
    await put(w.office, `${base(item.id)}/schedule`, { date: '2026-11-12', place: '杭州' }).expect(
      200,
    );
    // Moved before it falls due: the first date's reminder no longer applies.
    await put(w.office, `${base(item.id)}/schedule`, { date: '2026-11-13', place: '宁波' }).expect(
      200,
    );
    t.clock.set(new Date('2026-11-12T16:00:01Z'));
    await timers.runDue();
    expect(await overdueCount(w.experts[3], item)).toBe(0);

    t.clock.set(new Date('2026-11-13T15:59:00Z'));
    await timers.runDue();
    expect(await overdueCount(w.experts[3], item)).toBe(0);

    t.clock.set(new Date('2026-11-13T16:00:01Z'));
    await timers.runDue();
    await timers.runDue();
    expect(await overdueCount(w.experts[3], item)).toBe(1);
    expect(await overdueCount(w.office, item)).toBe(1);
    // Not on the team: nothing.
    expect(await overdueCount(w.experts[4], item)).toBe(0);
    expect(await overdueCount(w.submitter, item)).toBe(0);
    const view = await t.http().get(base(item.id)).set(w.experts[3].auth).expect(200);
    expect(view.body.overdue).toBe(true);

    // A second run on a later day, as after a restart, sends nothing new.
    t.clock.set(new Date('2026-11-15T00:00:00Z'));
    await timers.runDue();
    expect(await overdueCount(w.experts[3], item)).toBe(1);
  });
});
