import { SecurityEvent } from '../src/security-log/security-event.entity';
import { User } from '../src/users/user.entity';
import {
  ADMIN_PASSWORD,
  createTestApp,
  SECURITY_ADMIN_PASSWORD,
  type TestApp,
} from './support/test-app';
import { INITIAL_PASSWORD, PASSWORD, login, setOwnPassword, type Login } from './support/world';

const DAY = 86_400_000;

/**
 * Accounts (#17, finding 8): the password policy on creation and change, the change with the
 * current password, the admin's reset with a forced change, and expiry for privileged roles.
 */
describe('accounts: password change, reset and expiry', () => {
  let t: TestApp;
  let admin: Login;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp({ config: { passwordMaxAgeDaysPrivileged: 90 } });
    admin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
    orgId = (
      await t
        .http()
        .post('/api/organizations')
        .set((await login(t, 'admin', ADMIN_PASSWORD)).auth)
        .send({ name: '某某科技有限公司', type: 'enterprise', city: '杭州' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const create = (username: string, password: string, roles = ['submitter']) =>
    t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ username, password, displayName: username, organizationId: orgId, roles });
  const hashOf = async (username: string) =>
    (await t.orm.em.fork().findOneOrFail(User, { username }, { populate: ['passwordHash'] }))
      .passwordHash;
  const events = async (kind: string) =>
    t.orm.em.fork().find(SecurityEvent, { kind: kind as never }, { orderBy: { seq: 'asc' } });

  it('refuses Password12 and its kind on creation, one message per broken rule', async () => {
    const res = await create('weak.one', 'Password12').expect(400);
    expect(res.body.errors.password).toEqual([
      '长度不能少于12个字符',
      '属于常见密码或其简单变形(如 Password12、Admin@123456),容易被猜中',
    ]);
    for (const password of ['Admin@123456', 'Qwerty!2345678', 'Weak.one-2026!x']) {
      const refused = await create('weak.one', password).expect(400);
      expect(Object.keys(refused.body.errors)).toEqual(['password']);
    }
    await create('weak.one', INITIAL_PASSWORD).expect(201);
  });

  it('makes a new user change the password at the first login: everything else answers 403', async () => {
    await create('first.login', INITIAL_PASSWORD).expect(201);
    const first = await login(t, 'first.login', INITIAL_PASSWORD);
    const me = await t.http().get('/api/auth/me').set(first.auth).expect(200);
    expect(me.body.accountAction).toBe('changeInitialPassword');
    const refused = await t.http().get('/api/achievements').set(first.auth).expect(403);
    expect(refused.body.message).toBe('请先修改初始密码');
    await t
      .http()
      .post('/api/auth/password')
      .set(first.auth)
      .send({ currentPassword: INITIAL_PASSWORD, newPassword: PASSWORD })
      .expect(204);
    const again = await login(t, 'first.login', PASSWORD);
    expect(
      (await t.http().get('/api/auth/me').set(again.auth).expect(200)).body.accountAction,
    ).toBe(undefined);
    await t.http().get('/api/achievements').set(again.auth).expect(200);
  });

  it('changes a password only with the right current one, and writes nothing otherwise', async () => {
    await create('changer', INITIAL_PASSWORD).expect(201);
    await setOwnPassword(t, 'changer');
    const who = await login(t, 'changer', PASSWORD);
    const before = await hashOf('changer');
    const logged = (await events('passwordChanged')).length;

    const wrong = await t
      .http()
      .post('/api/auth/password')
      .set(who.auth)
      .send({ currentPassword: 'Not-the-password-1', newPassword: 'Brand-New-Heron-9' })
      .expect(400);
    expect(wrong.body.errors).toEqual({ currentPassword: ['当前密码不正确'] });
    const weak = await t
      .http()
      .post('/api/auth/password')
      .set(who.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'Changer@2026!!' })
      .expect(400);
    expect(weak.body.errors.newPassword).toContain('不能包含用户名');
    const same = await t
      .http()
      .post('/api/auth/password')
      .set(who.auth)
      .send({ currentPassword: PASSWORD, newPassword: PASSWORD })
      .expect(400);
    expect(same.body.errors.newPassword).toContain('新密码不能与当前密码相同');
    expect(await hashOf('changer')).toBe(before);
    expect(await events('passwordChanged')).toHaveLength(logged);

    await t
      .http()
      .post('/api/auth/password')
      .set(who.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'Brand-New-Heron-9' })
      .expect(204);
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'changer', password: PASSWORD })
      .expect(401);
    await login(t, 'changer', 'Brand-New-Heron-9');
    const changed = await events('passwordChanged');
    expect(changed).toHaveLength(logged + 1);
    expect(changed.at(-1)).toMatchObject({ actorId: who.id, username: 'changer' });
  });

  it('lets an admin reset a password to a one-time one, shown once, that must be changed', async () => {
    await create('forgetful', INITIAL_PASSWORD).expect(201);
    await setOwnPassword(t, 'forgetful');
    const user = await login(t, 'forgetful', PASSWORD);
    // Only the admin may reset, and not for an id that is no user.
    await t.http().post(`/api/users/${admin.id}/password-reset`).set(user.auth).expect(403);
    await t
      .http()
      .post('/api/users/00000000-0000-4000-8000-000000000000/password-reset')
      .set(admin.auth)
      .expect(404);

    const reset = await t
      .http()
      .post(`/api/users/${user.id}/password-reset`)
      .set(admin.auth)
      .expect(200);
    const temporary = reset.body.temporaryPassword as string;
    expect(temporary).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(JSON.stringify((await t.http().get('/api/users').set(admin.auth)).body)).not.toContain(
      temporary,
    );
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'forgetful', password: PASSWORD })
      .expect(401);
    const after = await login(t, 'forgetful', temporary);
    const refused = await t.http().get('/api/achievements').set(after.auth).expect(403);
    expect(refused.body.message).toBe('请先修改初始密码');
    await t
      .http()
      .post('/api/auth/password')
      .set(after.auth)
      .send({ currentPassword: temporary, newPassword: 'Own-Again-Heron-7' })
      .expect(204);
    const own = await login(t, 'forgetful', 'Own-Again-Heron-7');
    await t.http().get('/api/achievements').set(own.auth).expect(200);
    expect((await events('passwordReset')).at(-1)).toMatchObject({
      actorId: admin.id,
      username: 'forgetful',
    });
  });

  it('expires a privileged password after 90 days of the app clock, and no one else’s', async () => {
    await create('office.a', INITIAL_PASSWORD, ['officeStaff']).expect(201);
    await setOwnPassword(t, 'office.a');
    await create('unit.a', INITIAL_PASSWORD).expect(201);
    await setOwnPassword(t, 'unit.a');
    t.clock.advance(89 * DAY);
    const office = await login(t, 'office.a', PASSWORD);
    await t.http().get('/api/achievements').set(office.auth).expect(200);
    t.clock.advance(2 * DAY);
    const expired = await t.http().get('/api/achievements').set(office.auth).expect(403);
    expect(expired.body.message).toBe('密码已过期,请先修改密码');
    const unit = await login(t, 'unit.a', PASSWORD);
    await t.http().get('/api/achievements').set(unit.auth).expect(200);
    await t
      .http()
      .post('/api/auth/password')
      .set(office.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'Fresh-Office-Heron-5' })
      .expect(204);
    const renewed = await login(t, 'office.a', 'Fresh-Office-Heron-5');
    await t.http().get('/api/achievements').set(renewed.auth).expect(200);
  });
});
