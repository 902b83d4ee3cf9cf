import { Secret, TOTP } from 'otpauth';
import { startBrowser, type BrowserHarness } from './support/browser';
import { createTestApp, SECURITY_ADMIN_PASSWORD, type TestApp } from './support/test-app';
import { INITIAL_PASSWORD, login, setOwnPassword } from './support/world';

/**
 * An admin resets a user's password; the user signs in with the one-time password, is sent to
 * change it before anything else, signs in again, enrols an authenticator on 账号安全 and then
 * signs in with a code (computed here as the app would).
 */
jest.setTimeout(180_000);

let t: TestApp;
let h: BrowserHarness;
let userId: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
  const org = (await t.http().get('/api/organizations').set(admin.auth).expect(200)).body[0].id;
  userId = (
    await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({
        username: 'zhao.liu',
        password: INITIAL_PASSWORD,
        displayName: '赵六',
        organizationId: org,
        roles: ['officeStaff'],
      })
      .expect(201)
  ).body.id;
  await setOwnPassword(t, 'zhao.liu');
  h = await startBrowser(t);
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

it('reset, forced change, enrolment and a login with a code, through the console', async () => {
  const admin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
  // The admin resets the password (helper D's user management page will carry the button).
  const reset = await t
    .http()
    .post(`/api/users/${userId}/password-reset`)
    .set(admin.auth)
    .expect(200);
  const temporary = reset.body.temporaryPassword as string;

  const page = await h.newPage();
  await page.goto('/login');
  await page.fill('input[name=username]', 'zhao.liu');
  await page.fill('input[name=password]', temporary);
  await Promise.all([page.waitForURL('**/account'), page.click('button[type=submit].primary')]);
  expect(await page.textContent('#account-action')).toContain('请先修改初始密码');
  // Every other page sends the user back here.
  await page.goto('/tasks');
  expect(new URL(page.url()).pathname).toBe('/account');

  // A weak choice is refused with the rule it breaks.
  await page.fill('input[name=currentPassword]', temporary);
  await page.fill('input[name=newPassword]', 'Password12');
  await page.fill('input[name=confirmPassword]', 'Password12');
  await page.click('#password button[type=submit]');
  await page.waitForSelector('#password .error');
  expect(await page.textContent('#password')).toContain('长度不能少于12个字符');
  await page.fill('input[name=currentPassword]', temporary);
  await page.fill('input[name=newPassword]', 'Zhao-Own-Heron-8');
  await page.fill('input[name=confirmPassword]', 'Zhao-Own-Heron-8');
  await Promise.all([
    page.waitForURL('**/login?changed=1'),
    page.click('#password button[type=submit]'),
  ]);
  expect(await page.textContent('main')).toContain('密码已修改');

  await page.fill('input[name=username]', 'zhao.liu');
  await page.fill('input[name=password]', 'Zhao-Own-Heron-8');
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);

  // Enrolment on 账号安全.
  await Promise.all([page.waitForURL('**/account'), page.click('a[href="/account"]')]);
  await page.click('#second-factor button[type=submit]');
  const secret = (await page.textContent('#totp-secret'))!.trim();
  expect(await page.textContent('#totp-uri')).toContain('otpauth://totp/');
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
  await page.fill('input[name=code]', totp.generate());
  await page.click('#second-factor button[type=submit]');
  expect(await page.locator('#recovery-codes li').count()).toBe(10);
  await h.shot(page, 'account-recovery-codes');

  // Sign out, and in again: the password, then the code.
  await Promise.all([page.waitForURL('**/login'), page.click('form.who button[type=submit]')]);
  await page.fill('input[name=username]', 'zhao.liu');
  await page.fill('input[name=password]', 'Zhao-Own-Heron-8');
  await page.click('button[type=submit].primary');
  await page.waitForSelector('input[name=code]');
  await page.fill('input[name=code]', '000000' === totp.generate() ? '111111' : '000000');
  await page.click('button[type=submit].primary');
  expect(await page.textContent('[role=alert]')).toContain('验证码不正确');
  await page.fill('input[name=code]', totp.generate({ timestamp: Date.now() + 30_000 }));
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
  expect(h.leaks).toEqual([]);
});
