import { SecurityEvent } from '../src/security-log/security-event.entity';
import { createTestApp, type TestApp } from './support/test-app';
import {
  buildWorld,
  firstLogin,
  INITIAL_PASSWORD,
  login,
  PASSWORD,
  type Login,
  type World,
} from './support/world';

/**
 * Accounts are the security administrator's (三权分立): user names unique whatever their case,
 * no two of the three administrator roles on one person, deactivation and role changes that bite
 * at once and are written to the security log.
 */
describe('user administration by the security administrator (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    username: 'zhao.liu',
    password: INITIAL_PASSWORD,
    displayName: '赵六',
    organizationId: w.orgs.hzBureau.id,
    roles: ['recommender'],
    ...overrides,
  });
  const create = (overrides: Record<string, unknown> = {}) =>
    t.http().post('/api/users').set(w.securityAdmin.auth).send(body(overrides));
  const entries = (kind: string) =>
    t.orm.em.fork().find(SecurityEvent, { kind: kind as never }, { orderBy: { seq: 'asc' } });

  it('refuses a user name that differs from an existing one only in case, and logs in whatever the case', async () => {
    for (const username of ['ADMIN', 'Admin', 'SecAdmin', 'SUBMITTER']) {
      const res = await create({ username }).expect(409);
      expect(res.body.errors).toEqual({ username: ['用户名已被使用'] });
    }
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'SUBMITTER', password: PASSWORD })
      .expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
  });

  it('refuses two of the three administrator roles on one person, on create and on change', async () => {
    for (const roles of [
      ['admin', 'securityAdmin'],
      ['admin', 'auditAdmin'],
      ['securityAdmin', 'auditAdmin'],
      ['auditAdmin', 'officeStaff'],
    ]) {
      const res = await create({ username: 'two.hats', roles }).expect(400);
      expect(res.body.errors.roles[0]).toMatch(/不同的人|不能兼任/);
    }
    await t
      .http()
      .patch(`/api/users/${w.admin.id}`)
      .set(w.securityAdmin.auth)
      .send({ roles: ['admin', 'auditAdmin'] })
      .expect(400);
    expect(
      (await t.http().get(`/api/users/${w.admin.id}`).set(w.securityAdmin.auth)).body.roles,
    ).toEqual(['admin']);
  });

  it('is the security administrator’s alone: the system and audit administrators are refused', async () => {
    for (const who of [w.admin, w.auditAdmin, w.office]) {
      await t.http().get('/api/users').set(who.auth).expect(403);
      await t
        .http()
        .post('/api/users')
        .set(who.auth)
        .send(body({ username: 'x.y' }))
        .expect(403);
      await t.http().post(`/api/users/${w.submitter.id}/deactivate`).set(who.auth).expect(403);
      await t
        .http()
        .patch(`/api/users/${w.submitter.id}`)
        .set(who.auth)
        .send({ roles: ['admin'] })
        .expect(403);
    }
  });

  it('creates a user and logs it; lists users by name, role and state', async () => {
    const created = (await create().expect(201)).body;
    const logged = (await entries('userCreated')).find((e) => e.username === 'zhao.liu');
    expect(logged).toMatchObject({ actorId: w.securityAdmin.id });
    expect(logged!.detail).toMatchObject({ userId: created.id, roles: ['recommender'] });
    const byName = await t.http().get('/api/users?q=ZHAO').set(w.securityAdmin.auth).expect(200);
    expect(byName.body.map((u: { username: string }) => u.username)).toEqual(['zhao.liu']);
    const experts = await t
      .http()
      .get('/api/users?role=expert')
      .set(w.securityAdmin.auth)
      .expect(200);
    expect(experts.body.length).toBeGreaterThanOrEqual(5);
    expect(experts.body.every((u: { roles: string[] }) => u.roles.includes('expert'))).toBe(true);
    await t.http().get('/api/users?role=king').set(w.securityAdmin.auth).expect(400);
    await t.http().get('/api/users?active=maybe').set(w.securityAdmin.auth).expect(400);
  });

  it('deactivates a user: their token stops working at once; reactivation restores it; both logged', async () => {
    // The new user first replaces the password the security administrator gave (#17).
    const who: Login = await firstLogin(t, 'zhao.liu');
    await t.http().get('/api/auth/me').set(who.auth).expect(200);
    const off = await t
      .http()
      .post(`/api/users/${who.id}/deactivate`)
      .set(w.securityAdmin.auth)
      .expect(200);
    expect(off.body.active).toBe(false);
    await t.http().get('/api/auth/me').set(who.auth).expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'zhao.liu', password: PASSWORD })
      .expect(401);
    const inactive = await t
      .http()
      .get('/api/users?active=false')
      .set(w.securityAdmin.auth)
      .expect(200);
    expect(inactive.body.map((u: { username: string }) => u.username)).toContain('zhao.liu');
    expect((await entries('userDeactivated')).map((e) => e.username)).toContain('zhao.liu');

    await t.http().post(`/api/users/${who.id}/reactivate`).set(w.securityAdmin.auth).expect(200);
    await login(t, 'zhao.liu', PASSWORD);
    expect((await entries('userReactivated')).map((e) => e.username)).toContain('zhao.liu');
  });

  it('changes roles and organisation, logged with before and after; the new role applies at once', async () => {
    const who = await login(t, 'zhao.liu', PASSWORD);
    await t.http().get('/api/collection/periods/2026-11/status').set(who.auth).expect(403);
    const changed = await t
      .http()
      .patch(`/api/users/${who.id}`)
      .set(w.securityAdmin.auth)
      .send({ roles: ['officeStaff'], organizationId: w.orgs.province.id })
      .expect(200);
    expect(changed.body).toMatchObject({
      roles: ['officeStaff'],
      organizationId: w.orgs.province.id,
    });
    const logged = (await entries('rolesChanged')).find((e) => e.username === 'zhao.liu');
    expect(logged!.detail).toMatchObject({
      rolesBefore: ['recommender'],
      rolesAfter: ['officeStaff'],
      organizationBefore: w.orgs.hzBureau.id,
      organizationAfter: w.orgs.province.id,
    });
    await t.http().get('/api/collection/periods/2026-11/status').set(who.auth).expect(200);
  });

  it('refuses to deactivate oneself or change one’s own roles, and answers 404/400 for bad ids', async () => {
    await t
      .http()
      .post(`/api/users/${w.securityAdmin.id}/deactivate`)
      .set(w.securityAdmin.auth)
      .expect(409);
    const own = await t
      .http()
      .patch(`/api/users/${w.securityAdmin.id}`)
      .set(w.securityAdmin.auth)
      .send({ roles: ['officeStaff'] })
      .expect(400);
    expect(own.body.errors.roles[0]).toMatch(/不能变更自己的角色/);
    await t
      .http()
      .post('/api/users/6f1c2b9e-3d4a-4f5b-8c7d-0e1f2a3b4c5d/deactivate')
      .set(w.securityAdmin.auth)
      .expect(404);
    await t.http().post('/api/users/abc/deactivate').set(w.securityAdmin.auth).expect(400);
    await t
      .http()
      .patch(`/api/users/${w.submitter.id}`)
      .set(w.securityAdmin.auth)
      .send({ roles: ['king'] })
      .expect(400);
  });
});
