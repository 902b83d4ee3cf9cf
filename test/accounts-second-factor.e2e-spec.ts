import { SecurityEvent } from '../src/security-log/security-event.entity';
import { User } from '../src/users/user.entity';
import { csrfIn, postForm } from './support/console-session';
import {
  secondFactorBed,
  totpCode,
  wrongCode,
  type SecondFactorBed,
} from './support/second-factor';
import { ADMIN_PASSWORD, AUDIT_ADMIN_PASSWORD, type TestApp } from './support/test-app';
import { PASSWORD, login, type Login } from './support/world';

/**
 * The second factor over an account's life (#17): the security administrator resets it for a
 * user who lost their phone (sessions end, re-enrolment forced where the role requires one, in
 * the security log); the user moves to a new authenticator (the old one works until the new one's
 * first code) or, where the role does not require it, turns it off with a current code; and the
 * console's 用户管理 resets a password showing the one-time password once.
 */
describe('second factor and resets over an account’s life', () => {
  let bed: SecondFactorBed;
  let t: TestApp;
  let secAdmin: Login;

  beforeAll(async () => {
    bed = await secondFactorBed();
    ({ t, secAdmin } = bed);
  });
  afterAll(() => t.close());

  const newUser = (username: string, roles: string[]) => bed.newUser(username, roles);
  const post = (who: Login, path: string, body: object = {}) =>
    t.http().post(path).set(who.auth).send(body);
  const enrol = async (who: Login): Promise<string> => {
    const started = await post(who, '/api/auth/second-factor/enrolment').expect(200);
    await post(who, '/api/auth/second-factor/enrolment/confirm', {
      code: totpCode(started.body.secret),
    }).expect(200);
    return started.body.secret as string;
  };
  /** The password step, then the code: the status of the second step (or 200 without one). */
  const loginWith = async (username: string, code: string | null) => {
    const step = await t
      .http()
      .post('/api/auth/login')
      .send({ username, password: PASSWORD })
      .expect(200);
    if (!step.body.challenge) return { asked: false, status: 200, token: step.body.accessToken };
    if (code === null) return { asked: true, status: 0, token: null };
    const done = await t
      .http()
      .post('/api/auth/login/second-factor')
      .send({ challenge: step.body.challenge, code });
    return { asked: true, status: done.status, token: done.body.accessToken ?? null };
  };
  const logged = (kind: string, username: string) =>
    t.orm.em.fork().find(SecurityEvent, { kind: kind as never, username });

  it('the security administrator resets a lost second factor: sessions end, re-enrolment is forced', async () => {
    const id = await newUser('office.lost', ['officeStaff']);
    // First login: the role requires a second factor, so enrolment comes first.
    const first = await login(t, 'office.lost', PASSWORD);
    const secret = await enrol(first);
    const session = (await loginWith('office.lost', totpCode(secret, 1))).token as string;
    const auth = { Authorization: `Bearer ${session}` };
    await t.http().get('/api/achievements').set(auth).expect(200);

    // Nobody but the security administrator; a user that does not exist is a 404.
    const admin = await login(t, 'admin', ADMIN_PASSWORD);
    await post(admin, `/api/users/${id}/second-factor-reset`).expect(403);
    await post(first, `/api/users/${id}/second-factor-reset`).expect(403);
    await post(
      secAdmin,
      '/api/users/00000000-0000-4000-8000-000000000000/second-factor-reset',
    ).expect(404);
    await post(secAdmin, `/api/users/${id}/second-factor-reset`).expect(204);

    await t.http().get('/api/auth/me').set(auth).expect(401);
    const row = await t.orm.em
      .fork()
      .findOneOrFail(User, id, { populate: ['totpSecret', 'recoveryCodeHashes'] });
    expect([row.totpSecret, row.totpEnabledAt, row.recoveryCodeHashes]).toEqual([null, null, null]);
    // No code is asked for any more, and nothing opens before a new enrolment.
    const again = await loginWith('office.lost', null);
    expect(again.asked).toBe(false);
    const refused = await t
      .http()
      .get('/api/achievements')
      .set('Authorization', `Bearer ${again.token}`)
      .expect(403);
    expect(refused.body.message).toBe('您的角色须启用双因素认证,请先完成绑定');
    const reset = await logged('secondFactorReset', 'office.lost');
    expect(reset).toHaveLength(1);
    expect(reset[0]).toMatchObject({ actorId: secAdmin.id, detail: { userId: id } });
    const ended = await t.orm.em.fork().find(SecurityEvent, { kind: 'sessionRevoked' });
    expect(ended.map((e) => e.detail)).toContainEqual(
      expect.objectContaining({ userId: id, reason: 'secondFactorReset' }),
    );
    // The audit administrator reads it in words.
    const auditor = await login(t, 'auditadmin', AUDIT_ADMIN_PASSWORD);
    const read = async (kind: string) =>
      (await t.http().get(`/api/security-log?kind=${kind}`).set(auditor.auth).expect(200)).body
        .entries as { kindLabel: string; description: string; username: string | null }[];
    expect(await read('secondFactorReset')).toContainEqual(
      expect.objectContaining({ kindLabel: '重置双因素认证', username: 'office.lost' }),
    );
    // Two sessions: the one that enrolled and the one that signed in with a code.
    expect((await read('sessionRevoked')).map((e) => e.description)).toContain(
      '双因素认证被重置,共 2 个会话',
    );
  });

  it('moves to a new authenticator: the old one works until the new one’s first code, then not', async () => {
    await newUser('unit.phone', ['submitter']);
    const who = await login(t, 'unit.phone', PASSWORD);
    const oldSecret = await enrol(who);
    const started = await post(who, '/api/auth/second-factor/reenrolment').expect(200);
    const { secret: newSecret, pending } = started.body as { secret: string; pending: string };
    expect(newSecret).not.toBe(oldSecret);
    // Until confirmed, the old authenticator still signs in.
    expect((await loginWith('unit.phone', totpCode(oldSecret, 1))).status).toBe(200);

    // A wrong code, or another user's pending enrolment, changes nothing.
    const bad = await post(who, '/api/auth/second-factor/reenrolment/confirm', {
      pending,
      code: wrongCode(totpCode(newSecret)),
    }).expect(400);
    expect(Object.keys(bad.body.errors)).toEqual(['code']);
    await newUser('unit.other', ['submitter']);
    const other = await login(t, 'unit.other', PASSWORD);
    await enrol(other);
    const stolen = await post(other, '/api/auth/second-factor/reenrolment/confirm', {
      pending,
      code: totpCode(newSecret),
    }).expect(400);
    expect(Object.keys(stolen.body.errors)).toEqual(['pending']);

    const confirmed = await post(who, '/api/auth/second-factor/reenrolment/confirm', {
      pending,
      code: totpCode(newSecret),
    }).expect(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect((await loginWith('unit.phone', totpCode(oldSecret, 1))).status).toBe(401);
    expect((await loginWith('unit.phone', totpCode(newSecret, 1))).status).toBe(200);
    expect(await logged('secondFactorReenrolled', 'unit.phone')).toHaveLength(1);
  });

  it('turns the second factor off with a current code, only where the role does not require it', async () => {
    await newUser('unit.off', ['submitter']);
    const who = await login(t, 'unit.off', PASSWORD);
    const secret = await enrol(who);
    const bad = await post(who, '/api/auth/second-factor/disable', {
      code: wrongCode(totpCode(secret, 1)),
    }).expect(400);
    expect(Object.keys(bad.body.errors)).toEqual(['code']);
    expect((await loginWith('unit.off', null)).asked).toBe(true);
    await post(who, '/api/auth/second-factor/disable', { code: totpCode(secret, 1) }).expect(204);
    expect((await loginWith('unit.off', null)).asked).toBe(false);
    expect(await logged('secondFactorDisabled', 'unit.off')).toHaveLength(1);

    // Office staff must keep theirs (this app requires it of them).
    await newUser('office.keep', ['officeStaff']);
    const office = await login(t, 'office.keep', PASSWORD);
    const officeSecret = await enrol(office);
    const signedIn = await loginWith('office.keep', totpCode(officeSecret, 1));
    const res = await t
      .http()
      .post('/api/auth/second-factor/disable')
      .set('Authorization', `Bearer ${signedIn.token}`)
      .send({ code: totpCode(officeSecret, -1) })
      .expect(409);
    expect(res.body.message).toBe('您的角色须启用双因素认证,不能关闭;更换手机请重新绑定');
    expect((await loginWith('office.keep', null)).asked).toBe(true);
  });

  it('用户管理 resets a password and shows the one-time password once; resets a second factor', async () => {
    const id = await newUser('unit.console', ['submitter']);
    const who = await login(t, 'unit.console', PASSWORD);
    await enrol(who);
    const cookie = `cg_session=${secAdmin.token}`;
    const list = await t.http().get('/admin/users').set('Cookie', cookie).expect(200);
    const web = { cookie, csrf: csrfIn(list.text) };
    const row = new RegExp(`<tr data-username="unit.console">[\\s\\S]*?</tr>`).exec(list.text)![0];
    expect(row).toContain('重置密码');
    expect(row).toContain('重置双因素');
    // One's own row offers neither.
    const own = new RegExp(`<tr data-username="secadmin">[\\s\\S]*?</tr>`).exec(list.text)![0];
    expect(own).not.toContain('重置密码');

    const reset = await postForm(t, web, `/admin/users/${id}/password-reset`, {}).expect(200);
    const temporary = /id="temporary-password">([^<]+)</.exec(reset.text)![1];
    expect(temporary).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    const after = await t.http().get('/admin/users').set('Cookie', web.cookie).expect(200);
    expect(after.text).not.toContain(temporary);
    await t.http().get('/api/auth/me').set(who.auth).expect(401);
    const step = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'unit.console', password: temporary })
      .expect(200);
    expect(step.body.challenge).toEqual(expect.any(String));

    const sf = await postForm(t, web, `/admin/users/${id}/second-factor-reset`, {}).expect(303);
    expect(sf.headers.location).toBe('/admin/users?done=secondFactorReset');
    const done = await t.http().get(sf.headers.location).set('Cookie', web.cookie).expect(200);
    expect(done.text).toContain('双因素认证已重置');
    const plain = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'unit.console', password: temporary })
      .expect(200);
    expect(plain.body.accessToken).toEqual(expect.any(String));
  });

  it('账号安全 moves to a new authenticator and turns an unrequired second factor off', async () => {
    await newUser('unit.web', ['submitter']);
    const who = await login(t, 'unit.web', PASSWORD);
    const oldSecret = await enrol(who);
    const cookie = `cg_session=${who.token}`;
    const account = await t.http().get('/account').set('Cookie', cookie).expect(200);
    expect(account.text).toContain('id="reenrol-form"');
    expect(account.text).toContain('id="disable-form"');
    const web = { cookie, csrf: csrfIn(account.text) };

    const started = await postForm(t, web, '/account/second-factor/reenrol', {}).expect(200);
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(started.text)![1];
    const pending = /name="pending" value="([^"]+)"/.exec(started.text)![1];
    expect(secret).not.toBe(oldSecret);
    const bad = await postForm(t, web, '/account/second-factor/reenrol/confirm', {
      pending,
      code: wrongCode(totpCode(secret)),
    }).expect(400);
    expect(bad.text).toContain('验证码不正确');
    // The same new secret is shown again to try once more; the old one still signs in.
    expect(bad.text).toContain(`id="totp-secret">${secret}<`);
    expect((await loginWith('unit.web', totpCode(oldSecret, 1))).status).toBe(200);
    const done = await postForm(t, web, '/account/second-factor/reenrol/confirm', {
      pending,
      code: totpCode(secret),
    }).expect(200);
    expect(done.text.match(/<li><code>/g)).toHaveLength(10);
    expect(done.text).toContain('已更换身份验证器');
    expect((await loginWith('unit.web', totpCode(oldSecret, 1))).status).toBe(401);

    const refused = await postForm(t, web, '/account/second-factor/disable', {
      code: wrongCode(totpCode(secret, 1)),
    }).expect(400);
    expect(refused.text).toContain('验证码不正确');
    expect((await loginWith('unit.web', null)).asked).toBe(true);
    const off = await postForm(t, web, '/account/second-factor/disable', {
      code: totpCode(secret, 1),
    }).expect(200);
    expect(off.text).toContain('已关闭双因素认证');
    expect((await loginWith('unit.web', null)).asked).toBe(false);

    // Where the role requires it, the page offers no way to turn it off.
    await newUser('office.web', ['officeStaff']);
    const office = await login(t, 'office.web', PASSWORD);
    const officeSecret = await enrol(office);
    const signedIn = await loginWith('office.web', totpCode(officeSecret, 1));
    const page = await t
      .http()
      .get('/account')
      .set('Cookie', `cg_session=${signedIn.token}`)
      .expect(200);
    expect(page.text).toContain('您的角色须启用双因素认证,不能关闭');
    expect(page.text).not.toContain('id="disable-form"');
  });
});
