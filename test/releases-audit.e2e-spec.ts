import { AuditEvent } from '../src/workflow/audit-event.entity';
import { WorkflowInstance } from '../src/workflow/workflow-instance.entity';
import { consoleSignIn } from './support/console-session';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  addSecondOffice,
  buildWorld,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';

interface EditionView {
  id: string;
  state: string;
  number: string;
  version: number;
  correctsEditionId: string | null;
}

/**
 * Editions run on the edition machine: every status change goes through the runner, lands in the
 * hash-chained trail with the sender, replays in verification, and reads in Chinese on /audit.
 */
describe('edition lifecycle in the audit trail', () => {
  let t: TestApp;
  let w: World;
  let office2: Login;

  const as = (who: Login) => ({
    get: (path: string) => t.http().get(path).set(who.auth),
    post: (path: string, body: object = {}) => t.http().post(path).set(who.auth).send(body),
  });
  const trail = async (id: string) =>
    (await t.orm.em.fork().find(AuditEvent, { instance: id }, { orderBy: { seq: 'asc' } })).map(
      (r) => [r.eventType, r.fromState, r.toState, r.actorId, r.actorRole],
    );

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
    w = await buildWorld(t);
    const item = await ItemDriver.create(t, w, techBreakthrough({ title: '高性能碳化硅功率芯片' }));
    await item.toScoring();
    await item.score([90, 88, 85, 80, 92]);
    await item.ok(w.office, 'CONFIRM_VERIFICATION');
    office2 = await addSecondOffice(t, w);
  });
  afterAll(() => t.close());

  it('records drafting, review, the four-eyes refusal (no row), issue and correction, and verifies', async () => {
    const created = (
      await as(w.office).post('/api/editions', { kind: 'monthly', period: '2026-11' }).expect(201)
    ).body as EditionView;
    const id = created.id;
    const instance = await t.orm.em.fork().findOneOrFail(WorkflowInstance, id);
    expect([instance.definition, instance.state]).toEqual(['edition', 'draft']);
    const patched = (
      await t
        .http()
        .patch(`/api/editions/${id}`)
        .set(w.office.auth)
        .send({ expectedVersion: created.version, distributionList: ['省委办公厅'] })
        .expect(200)
    ).body as EditionView;
    const submitted = (
      await as(w.office)
        .post(`/api/editions/${id}/submit`, { expectedVersion: patched.version })
        .expect(200)
    ).body as EditionView;
    expect(submitted.state).toBe('underReview');
    // The submitter may not issue it: refused before anything is written.
    await as(w.office)
      .post(`/api/editions/${id}/issue`, { expectedVersion: submitted.version })
      .expect(403);
    const returned = (
      await as(office2)
        .post(`/api/editions/${id}/return`, { expectedVersion: submitted.version })
        .expect(200)
    ).body as EditionView;
    expect(returned.state).toBe('draft');
    const again = (
      await as(w.office)
        .post(`/api/editions/${id}/submit`, { expectedVersion: returned.version })
        .expect(200)
    ).body as EditionView;
    const issued = (
      await as(office2)
        .post(`/api/editions/${id}/issue`, { expectedVersion: again.version })
        .expect(200)
    ).body as EditionView;
    expect(issued.state).toBe('issued');

    const office = w.office.id;
    const second = office2.id;
    expect(await trail(id)).toEqual([
      ['CREATE', null, 'draft', office, 'officeStaff'],
      ['SUBMIT_EDITION', 'draft', 'underReview', office, 'officeStaff'],
      ['RETURN_EDITION', 'underReview', 'draft', second, 'officeStaff'],
      ['SUBMIT_EDITION', 'draft', 'underReview', office, 'officeStaff'],
      ['ISSUE_EDITION', 'underReview', 'issued', second, 'officeStaff'],
    ]);
    const issue = await t.orm.em.fork().findOneOrFail(AuditEvent, { instance: id, seq: 5 });
    expect(issue.payload).toEqual({ fourEyes: true });

    const correction = (await as(w.office).post(`/api/editions/${id}/corrections`).expect(201))
      .body as EditionView;
    expect(correction.correctsEditionId).toBe(id);
    const correctionRows = await t.orm.em
      .fork()
      .find(AuditEvent, { instance: correction.id }, { orderBy: { seq: 'asc' } });
    expect(correctionRows.map((r) => [r.eventType, r.toState, r.actorId])).toEqual([
      ['CREATE', 'draft', office],
    ]);
    expect(correctionRows[0].payload).toMatchObject({ input: { correctsEditionId: id } });

    const verified = (await as(w.office).get('/api/audit/verify').expect(200)).body as {
      ok: boolean;
      broken: unknown[];
    };
    expect(verified.broken).toEqual([]);
    expect(verified.ok).toBe(true);

    const session = await consoleSignIn(t, 'office');
    const page = await t.http().get('/audit').set('Cookie', session.cookie).expect(200);
    for (const words of ['提交刊期审核', '刊期退回草稿', '签发刊期']) {
      expect(page.text).toContain(words);
    }
    for (const code of ['SUBMIT_EDITION', 'RETURN_EDITION', 'ISSUE_EDITION']) {
      expect(page.text).not.toContain(code);
    }
    // An edition's rows lead to the edition and name it; no row leads to an item page that is
    // not there.
    expect(page.text).toContain(`href="/editions/${id}"`);
    expect(page.text).toContain(`月报 ${created.number}`);
    expect(page.text).not.toContain(`href="/items/${id}"`);
    await t.http().get(`/editions/${id}`).set('Cookie', session.cookie).expect(200);
  });
});
