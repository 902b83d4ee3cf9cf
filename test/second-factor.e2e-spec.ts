import { SecurityEvent } from '../src/security-log/security-event.entity';
import { User } from '../src/users/user.entity';
import {
  secondFactorBed,
  totpCode,
  wrongCode,
  type SecondFactorBed,
} from './support/second-factor';
import type { TestApp } from './support/test-app';
import { PASSWORD, login, type Login } from './support/world';

/**
 * TOTP two-factor (#17): enrolment with a code and recovery codes shown once, a login in two
 * steps, each code good once, five wrong codes spend a challenge, and the roles that must have it.
 */
describe('second factor (TOTP)', () => {
  let bed: SecondFactorBed;
  let t: TestApp;
  let admin: Login;

  beforeAll(async () => {
    bed = await secondFactorBed();
    ({ t, secAdmin: admin } = bed);
  });
  afterAll(() => t.close());

  const newUser = async (username: string, roles: string[]) => {
    await bed.newUser(username, roles);
  };
  const passwordStep = (username: string) =>
    t.http().post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  const codeStep = (challenge: string, code: string) =>
    t.http().post('/api/auth/login/second-factor').send({ challenge, code });
  const enrol = async (who: Login) => {
    const started = await t
      .http()
      .post('/api/auth/second-factor/enrolment')
      .set(who.auth)
      .expect(200);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(started.body.uri).toContain(`secret=${started.body.secret}`);
    const wrong = await t
      .http()
      .post('/api/auth/second-factor/enrolment/confirm')
      .set(who.auth)
      .send({ code: wrongCode(totpCode(started.body.secret)) })
      .expect(400);
    expect(Object.keys(wrong.body.errors)).toEqual(['code']);
    const confirmed = await t
      .http()
      .post('/api/auth/second-factor/enrolment/confirm')
      .set(who.auth)
      .send({ code: totpCode(started.body.secret) })
      .expect(200);
    return { secret: started.body.secret as string, recovery: confirmed.body.recoveryCodes };
  };

  it('enrols with a code, gives ten recovery codes once, and then asks for a code at login', async () => {
    await newUser('unit.tf', ['submitter']);
    const who = await login(t, 'unit.tf', PASSWORD);
    const { secret, recovery } = await enrol(who);
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    // Neither the secret nor the codes are stored as they are.
    const row = await t.orm.em
      .fork()
      .findOneOrFail(
        User,
        { username: 'unit.tf' },
        { populate: ['totpSecret', 'recoveryCodeHashes'] },
      );
    expect(row.totpSecret).not.toContain(secret);
    expect(JSON.stringify(row.recoveryCodeHashes)).not.toContain(recovery[0]);
    const status = await t.http().get('/api/auth/second-factor').set(who.auth).expect(200);
    expect(status.body).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });

    const step = await passwordStep('unit.tf');
    expect(step.body).toEqual({ secondFactorRequired: true, challenge: expect.any(String) });
    // The challenge is no access token.
    await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${step.body.challenge}`)
      .expect(401);
    const done = await codeStep(step.body.challenge, totpCode(secret, 1)).expect(200);
    await t
      .http()
      .get('/api/achievements')
      .set('Authorization', `Bearer ${done.body.accessToken}`)
      .expect(200);
    // The challenge is good once, and so is the code's time step.
    await codeStep(step.body.challenge, totpCode(secret, 1)).expect(401);
    const replay = await passwordStep('unit.tf');
    await codeStep(replay.body.challenge, totpCode(secret, 1)).expect(401);

    // A recovery code opens one login, once.
    const withRecovery = await passwordStep('unit.tf');
    await codeStep(withRecovery.body.challenge, recovery[0].toUpperCase()).expect(200);
    const reused = await passwordStep('unit.tf');
    await codeStep(reused.body.challenge, recovery[0]).expect(401);
    const left = await t.http().get('/api/auth/second-factor').set(who.auth).expect(200);
    expect(left.body.recoveryCodesLeft).toBe(9);
    const enabled = await t.orm.em
      .fork()
      .find(SecurityEvent, { kind: 'secondFactorEnabled', username: 'unit.tf' });
    expect(enabled).toHaveLength(1);
  });

  it('spends a challenge after five wrong codes, and logs each', async () => {
    await newUser('guessed', ['submitter']);
    const { secret } = await enrol(await login(t, 'guessed', PASSWORD));
    const step = await passwordStep('guessed');
    const right = totpCode(secret, 1);
    const wrongCode = right === '123456' ? '654321' : '123456';
    for (let i = 1; i <= 4; i++) {
      const res = await codeStep(step.body.challenge, wrongCode).expect(401);
      expect(res.body).toMatchObject({ message: '验证码不正确', attemptsLeft: 5 - i });
    }
    const fifth = await codeStep(step.body.challenge, wrongCode).expect(401);
    expect(fifth.body.message).toBe('验证码错误次数过多,请重新登录');
    // The right code no longer helps this challenge: the password must be given again.
    await codeStep(step.body.challenge, right).expect(401);
    const again = await passwordStep('guessed');
    await codeStep(again.body.challenge, right).expect(200);
    const failed = await t.orm.em
      .fork()
      .find(SecurityEvent, { kind: 'secondFactorFailed', username: 'guessed' });
    expect(failed).toHaveLength(5);
  });

  it('refuses a forged or tampered challenge', async () => {
    const step = await passwordStep('guessed');
    const [body, mac] = (step.body.challenge as string).split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: admin.id })).toString('base64url');
    await codeStep(`${forged}.${mac}`, '123456').expect(401);
    await codeStep('not-a-challenge', '123456').expect(401);
  });

  it('sends a role that must have a second factor to enrolment before anything else', async () => {
    await newUser('office.tf', ['officeStaff']);
    const who = await login(t, 'office.tf', PASSWORD);
    const refused = await t.http().get('/api/achievements').set(who.auth).expect(403);
    expect(refused.body.message).toBe('您的角色须启用双因素认证,请先完成绑定');
    expect((await t.http().get('/api/auth/me').set(who.auth).expect(200)).body.accountAction).toBe(
      'enrolSecondFactor',
    );
    const { secret } = await enrol(who);
    const step = await passwordStep('office.tf');
    const done = await codeStep(step.body.challenge, totpCode(secret, 1)).expect(200);
    await t
      .http()
      .get('/api/achievements')
      .set('Authorization', `Bearer ${done.body.accessToken}`)
      .expect(200);
  });
});
