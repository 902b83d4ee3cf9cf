import { buildWorld, type World } from './support/world';
import { createTestApp, type TestApp } from './support/test-app';

describe('users (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    username: 'li.si',
    password: 'S3cure-pass!',
    displayName: '李四',
    organizationId: w.orgs.hzBureau.id,
    roles: ['recommender'],
    ...overrides,
  });

  it('records an e-mail address for notifications, and never returns the password hash', async () => {
    const created = await t
      .http()
      .post('/api/users')
      .set(w.securityAdmin.auth)
      .send(body({ email: 'li.si@hzkj.example.org' }))
      .expect(201);
    expect(created.body).toMatchObject({
      username: 'li.si',
      email: 'li.si@hzkj.example.org',
      roles: ['recommender'],
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|argon2/i);
    const list = await t.http().get('/api/users').set(w.securityAdmin.auth).expect(200);
    const listed = list.body.find((u: { username: string }) => u.username === 'li.si');
    expect(listed.email).toBe('li.si@hzkj.example.org');
    expect(JSON.stringify(list.body)).not.toMatch(/argon2/);
  });

  it('refuses a malformed e-mail address with a Chinese field message and writes nothing', async () => {
    const before = (await t.http().get('/api/users').set(w.securityAdmin.auth).expect(200)).body
      .length;
    const res = await t
      .http()
      .post('/api/users')
      .set(w.securityAdmin.auth)
      .send(body({ username: 'wang.wu', email: 'not-an-address' }))
      .expect(400);
    expect(res.body.errors).toEqual({ email: ['必须是有效的电子邮箱地址'] });
    expect(
      (await t.http().get('/api/users').set(w.securityAdmin.auth).expect(200)).body.length,
    ).toBe(before);
  });
});
