import { Secret, TOTP } from 'otpauth';
import { startBrowser, type BrowserHarness } from './support/browser';
import { createTestApp, SECURITY_ADMIN_PASSWORD, type TestApp } from './support/test-app';
import { INITIAL_PASSWORD, login, setOwnPassword } from './support/world';

/**
 * The security administrator resets a user's password on 用户管理 (the one-time password shown
 * once); the user signs in with it, is sent to change it before anything else, signs in again,
 * enrols an authenticator on 账号安全 and then signs in with a code (computed here as the app
 * would). The user moves to a new phone: re-enrols on 账号安全 with a code of the new secret,
 * after which the old phone's code is refused and the new one's signs in. The user loses the
 * phone: the security administrator resets the second factor, the user's session ends and the
 * next login asks for no code.
 */
jest.setTimeout(180_000);

let t: TestApp;
let h: BrowserHarness;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
  const org = (await t.http().get('/api/organizations').set(admin.auth).expect(200)).body[0].id;
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
    .expect(201);
  await setOwnPassword(t, 'zhao.liu');
  h = await startBrowser(t);
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

/** The security administrator's 用户管理, signed in through the login form. */
async function userAdminPage() {
  const admin = await h.newPage();
  await admin.goto('/login');
  await admin.fill('input[name=username]', 'secadmin');
  await admin.fill('input[name=password]', SECURITY_ADMIN_PASSWORD);
  await Promise.all([admin.waitForURL('**/tasks'), admin.click('button[type=submit].primary')]);
  await admin.goto('/admin/users');
  return admin;
}

it('reset on 用户管理, forced change, enrolment, a login with a code, re-enrolment on a new phone, and a second-factor reset', async () => {
  const admin = await userAdminPage();
  const row = admin.locator('tr[data-username="zhao.liu"]');
  expect(await row.locator('button', { hasText: '重置双因素' }).count()).toBe(0);
  await Promise.all([
    admin.waitForSelector('#temporary-password'),
    row.locator('button', { hasText: '重置密码' }).click(),
  ]);
  expect(h.dialogs.at(-1)?.message).toContain('确定重置密码吗');
  const temporary = (await admin.textContent('#temporary-password'))!.trim();
  expect(temporary).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
  // Shown once: the list does not carry it again.
  await admin.goto('/admin/users');
  expect(await admin.textContent('main')).not.toContain(temporary);

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

  // A new phone: re-enrolment on 账号安全, confirmed with a code of the new secret.
  await Promise.all([page.waitForURL('**/account'), page.click('a[href="/account"]')]);
  await page.click('#reenrol-form button[type=submit]');
  const newSecret = (await page.textContent('#reenrolment #totp-secret'))!.trim();
  expect(newSecret).not.toBe(secret);
  const newTotp = new TOTP({ secret: Secret.fromBase32(newSecret), digits: 6, period: 30 });
  await page.fill('#reenrolment input[name=code]', newTotp.generate());
  await page.click('#reenrolment button[type=submit]');
  expect(await page.textContent('main')).toContain('已更换身份验证器');
  expect(await page.locator('#recovery-codes li').count()).toBe(10);
  // Out, and in again: the old phone's code is refused, the new one's signs in.
  await Promise.all([page.waitForURL('**/login'), page.click('form.who button[type=submit]')]);
  await page.fill('input[name=username]', 'zhao.liu');
  await page.fill('input[name=password]', 'Zhao-Own-Heron-8');
  await page.click('button[type=submit].primary');
  await page.waitForSelector('input[name=code]');
  const later = Date.now() + 30_000;
  const oldCode = totp.generate({ timestamp: later });
  const newCode = newTotp.generate({ timestamp: later });
  await page.fill('input[name=code]', oldCode === newCode ? totp.generate() : oldCode);
  await page.click('button[type=submit].primary');
  expect(await page.textContent('[role=alert]')).toContain('验证码不正确');
  expect(new URL(page.url()).pathname).not.toBe('/tasks');
  await page.fill('input[name=code]', newCode);
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);

  // The phone is lost: the security administrator resets the second factor.
  await admin.goto('/admin/users');
  expect(await row.locator('td').nth(5).textContent()).toBe('已启用');
  await Promise.all([
    admin.waitForURL('**/admin/users?done=secondFactorReset'),
    row.locator('button', { hasText: '重置双因素' }).click(),
  ]);
  expect(h.dialogs.at(-1)?.message).toContain('确定重置双因素认证吗');
  expect(await admin.textContent('#done')).toContain('双因素认证已重置');
  expect(await row.locator('td').nth(5).textContent()).toBe('未启用');
  // The user's session has ended; the password alone signs in now.
  await page.goto('/tasks');
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('input[name=username]', 'zhao.liu');
  await page.fill('input[name=password]', 'Zhao-Own-Heron-8');
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
  // The one-time password is random letters and digits: a group such as `afHb` looks like a
  // camelCase key to the code check. Anything else it finds is a leak.
  const leaks = h.leaks.filter((l) => !l.codes.every((c) => temporary.includes(c)));
  expect(leaks).toEqual([]);
});
