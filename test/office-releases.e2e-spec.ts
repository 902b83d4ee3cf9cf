import type { EditionView } from '../src/releases/releases.service';
import { reportInstanceId } from '../src/stats/ranking-report.definition';
import { AuditEvent } from '../src/workflow/audit-event.entity';
import { consoleSignIn, fieldError, postForm } from './support/console-session';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  addSecondOffice,
  buildWorld,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';

/**
 * The office's statistics and releases over HTTP: unknown filter values refused in words, the
 * ranking report drafted by hand through its machine, all blurbs saved in one step, and the
 * four-eyes rule on issuing an edition with the admin's switch.
 */
let t: TestApp;
let w: World;
let office2: Login;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-09-10T10:00:00+08:00') });
  w = await buildWorld(t);
  office2 = await addSecondOffice(t, w);
  for (const title of ['碳化硅功率芯片', '车规级功率模块']) {
    await (await ItemDriver.create(t, w, techBreakthrough({ title }))).toLibrary();
  }
  t.clock.set(new Date('2026-11-05T10:00:00+08:00'));
});
afterAll(() => t.close());

const get = (path: string, who: Login = w.office) => t.http().get(path).set(who.auth);
const post = (path: string, body: object, who: Login = w.office) =>
  t.http().post(path).set(who.auth).send(body);

describe('statistics filters', () => {
  it('refuses a city or a field the reference data does not know, naming it', async () => {
    const city = await get('/api/stats/funnel?period=2026-Q3&city=杭洲').expect(400);
    expect(city.body.errors.city[0]).toContain('没有名为「杭洲」的设区市');
    const domain = await get('/api/stats/trend?domain=chips').expect(400);
    expect(domain.body.errors.domain[0]).toContain('「chips」不是');
    // The known ones still answer, with the figures.
    const known = await get('/api/stats/funnel?period=2026-Q3&city=杭州&domain=integratedCircuits');
    expect(known.status).toBe(200);
    expect(known.body.totals.inLibrary).toBe(2);
  });

  it('offers the reference data as drop-downs on the dashboard', async () => {
    const session = await consoleSignIn(t, 'office');
    const page = await t.http().get('/stats').set('Cookie', session.cookie).expect(200);
    expect(page.text).toContain('<select name="city">');
    expect(page.text).toContain('<option value="宁波">宁波</option>');
    expect(page.text).toContain('<option value="integratedCircuits">集成电路</option>');
    expect(page.text).toContain('<option value="2026-Q3">2026年第三季度</option>');
    expect(page.text).not.toContain('<input type="text" name="domain"');
    const typo = await t.http().get('/stats?city=杭洲').set('Cookie', session.cookie).expect(400);
    expect(typo.text).toContain('没有名为「杭洲」的设区市');
  });
});

describe('drafting a ranking report by hand', () => {
  it('takes an ended quarter or year only, once, through the report machine', async () => {
    const month = await post('/api/stats/reports', { period: '2026-10' }).expect(400);
    expect(month.body.errors.period[0]).toContain('季度或年度');
    const open = await post('/api/stats/reports', { period: '2026-Q4' }).expect(400);
    expect(open.body.errors.period[0]).toContain('尚未结束');
    await post('/api/stats/reports', { period: '2026-Q3' }, w.recommender).expect(403);
    const draft = await post('/api/stats/reports', { period: '2026-Q3' }).expect(201);
    expect(draft.body).toMatchObject({ period: '2026-Q3', state: 'draft' });
    expect(draft.body.content.funnel.inLibrary).toBe(2);
    await post('/api/stats/reports', { period: '2026-Q3' }).expect(409);
    const rows = await t.orm.em.fork().find(AuditEvent, { instance: reportInstanceId('2026-Q3') });
    expect(rows.map((r) => [r.eventType, r.actorId, r.actorRole])).toEqual([
      ['CREATE', w.office.id, 'officeStaff'],
    ]);
  });

  it('issues from the dashboard form as one audited event', async () => {
    const session = await consoleSignIn(t, 'office');
    const id = reportInstanceId('2026-Q3');
    await postForm(t, session, `/stats/reports/${id}/issue`, {})
      .expect(303)
      .expect('Location', '/stats?done=issue#reports');
    const rows = await t.orm.em
      .fork()
      .find(AuditEvent, { instance: id }, { orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.eventType)).toEqual(['CREATE', 'ISSUE']);
    await postForm(t, session, `/stats/reports/${id}/issue`, {}).expect(409);
  });

  it('shows an admin the reports without the draft and issue forms of the office', async () => {
    await post('/api/stats/reports', { period: '2026-Q2' }).expect(201);
    const page = await t
      .http()
      .get('/stats')
      .set('Cookie', `cg_session=${w.admin.token}`)
      .expect(200);
    expect(page.text).toContain('data-period="2026-Q2"');
    expect(page.text).not.toContain('id="draft-report"');
    expect(page.text).not.toContain('issue-report');
    const office = await consoleSignIn(t, 'office');
    const own = await t.http().get('/stats').set('Cookie', office.cookie).expect(200);
    expect(own.text).toContain('id="draft-report"');
    expect(own.text).toContain('issue-report');
  });
});

describe('editions', () => {
  let edition: EditionView;
  const view = async (id: string) =>
    (await get(`/api/editions/${id}`).expect(200)).body as EditionView;

  it('saves every blurb in one step, or none when one is refused', async () => {
    edition = (await post('/api/editions', { kind: 'monthly', period: '2026-11' }).expect(201))
      .body as EditionView;
    expect(edition.items).toHaveLength(2);
    const [a, b] = edition.items.map((i) => i.achievementId);
    const session = await consoleSignIn(t, 'office');
    const bad = await postForm(t, session, `/editions/${edition.id}/blurbs`, {
      expectedVersion: String(edition.version),
      [`blurb-${a}`]: '第一条',
      [`blurb-${b}`]: '长'.repeat(2001),
    }).expect(400);
    expect(fieldError(bad.text, 'items.1.blurb')).toBeTruthy();
    expect((await view(edition.id)).items.map((i) => i.blurb)).toEqual(['', '']);
    await postForm(t, session, `/editions/${edition.id}/blurbs`, {
      expectedVersion: String(edition.version),
      [`blurb-${a}`]: ' 第一条 ',
      [`blurb-${b}`]: '第二条',
    })
      .expect(303)
      .expect('Location', `/editions/${edition.id}?done=blurbs`);
    edition = await view(edition.id);
    expect(edition.items.map((i) => i.blurb)).toEqual(['第一条', '第二条']);
    expect(edition.version).toBe(2);
    edition = (
      await t
        .http()
        .patch(`/api/editions/${edition.id}`)
        .set(w.office.auth)
        .send({ expectedVersion: edition.version, distributionList: ['省委办公厅'] })
        .expect(200)
    ).body as EditionView;
  });

  it('keeps who submitted an edition from issuing it, unless the admin turns four eyes off', async () => {
    expect((await get('/api/settings/releases').expect(200)).body).toEqual({ fourEyes: true });
    await post(`/api/editions/${edition.id}/submit`, { expectedVersion: edition.version }).expect(
      200,
    );
    edition = await view(edition.id);
    expect(edition).toMatchObject({ submittedBy: 'office', submittedById: w.office.id });
    const barred = await post(`/api/editions/${edition.id}/issue`, {
      expectedVersion: edition.version,
    }).expect(403);
    expect(barred.body.message).toContain('四眼原则');
    expect(await view(edition.id)).toEqual(edition);

    // Only an admin changes the rule, and only to a yes or a no.
    await t
      .http()
      .put('/api/settings/releases')
      .set(w.office.auth)
      .send({ fourEyes: false })
      .expect(403);
    const bad = await t
      .http()
      .put('/api/settings/releases')
      .set(w.admin.auth)
      .send({ fourEyes: 'no' })
      .expect(400);
    expect(bad.body.errors.fourEyes).toBeDefined();
    await t
      .http()
      .put('/api/settings/releases')
      .set(w.admin.auth)
      .send({ fourEyes: false })
      .expect(200);
    const issued = await post(`/api/editions/${edition.id}/issue`, {
      expectedVersion: edition.version,
    }).expect(200);
    expect(issued.body).toMatchObject({ state: 'issued', issuedBy: 'office' });
    await t
      .http()
      .put('/api/settings/releases')
      .set(w.admin.auth)
      .send({ fourEyes: true })
      .expect(200);
  });

  it('lets a colleague issue, and returning to draft clears who submitted', async () => {
    let q2 = (await post('/api/editions', { kind: 'monthly', period: '2026-12' }).expect(201))
      .body as EditionView;
    const item = edition.items[0].achievementId;
    q2 = (
      await t
        .http()
        .put(`/api/editions/${q2.id}/items`)
        .set(w.office.auth)
        .send({ expectedVersion: q2.version, items: [{ achievementId: item }] })
        .expect(200)
    ).body as EditionView;
    q2 = (
      await t
        .http()
        .patch(`/api/editions/${q2.id}`)
        .set(w.office.auth)
        .send({ expectedVersion: q2.version, distributionList: ['省委办公厅'] })
        .expect(200)
    ).body as EditionView;
    q2 = (await post(`/api/editions/${q2.id}/submit`, { expectedVersion: q2.version }).expect(200))
      .body as EditionView;
    q2 = (await post(`/api/editions/${q2.id}/return`, { expectedVersion: q2.version }).expect(200))
      .body as EditionView;
    expect(q2.submittedBy).toBeNull();
    // office2 submits this time, so office may issue it.
    q2 = (
      await post(`/api/editions/${q2.id}/submit`, { expectedVersion: q2.version }, office2).expect(
        200,
      )
    ).body as EditionView;
    await post(`/api/editions/${q2.id}/issue`, { expectedVersion: q2.version }, office2).expect(
      403,
    );
    const issued = await post(`/api/editions/${q2.id}/issue`, {
      expectedVersion: q2.version,
    }).expect(200);
    expect(issued.body).toMatchObject({ state: 'issued', issuedBy: 'office' });
  });
});
