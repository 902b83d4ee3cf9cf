import type { Page } from 'playwright-core';
import { startBrowser, type BrowserHarness } from './support/browser';
import {
  AUDIT_ADMIN_PASSWORD,
  createTestApp,
  SECURITY_ADMIN_PASSWORD,
  type TestApp,
} from './support/test-app';
import { buildWorld, PASSWORD, type World } from './support/world';

/**
 * Separation of duties (三权分立) in a real browser: the security administrator creates an
 * account and deactivates another on /admin/users (each change asked first), and the audit
 * administrator finds both, by their Chinese labels, on /security-log, exports them and checks
 * the chain. The system administrator sees neither page.
 */
jest.setTimeout(300_000);

let t: TestApp;
let w: World;
let h: BrowserHarness;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  h = await startBrowser(t);
});

afterAll(async () => {
  await h?.close();
  await t?.close();
});

async function signInAs(username: string, password: string): Promise<Page> {
  const page = await h.newPage();
  await page.goto('/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL('**/tasks'), page.click('button[type=submit].primary')]);
  return page;
}

it('the security administrator creates an account and deactivates one; the audit administrator finds both', async () => {
  const sec = await signInAs('secadmin', SECURITY_ADMIN_PASSWORD);
  await Promise.all([sec.waitForURL('**/admin/users'), sec.click('nav >> text=用户管理')]);

  // A user name that differs from an existing one only in case is refused, with the field's message.
  await sec.fill('#new-user-form input[name=username]', 'SUBMITTER');
  await sec.fill('#new-user-form input[name=password]', 'Fresh-start-2026!');
  await sec.fill('#new-user-form input[name=displayName]', '冒名者');
  await sec.check('#new-role-submitter');
  await Promise.all([sec.waitForEvent('load'), sec.click('#create-user')]);
  expect(await sec.textContent('[data-field=username]')).toContain('用户名已被使用');

  await sec.fill('#new-user-form input[name=username]', 'newcomer');
  await sec.fill('#new-user-form input[name=password]', 'Fresh-start-2026!');
  await sec.fill('#new-user-form input[name=displayName]', '新同事');
  await sec.selectOption('#new-user-form select[name=organizationId]', {
    label: '某某科技有限公司',
  });
  await sec.check('#new-role-submitter');
  await Promise.all([sec.waitForURL('**/admin/users?done=created'), sec.click('#create-user')]);
  expect(await sec.textContent('#done')).toContain('账号已创建');
  expect(await sec.textContent('tr[data-username=newcomer]')).toContain('成果申报人');
  await h.shot(sec, 'admins-01-user-created');

  // Deactivating asks first, then the account is marked 已停用 and can no longer sign in.
  const row = 'tr[data-username=uni-submitter]';
  await sec.waitForLoadState('load');
  await Promise.all([
    sec.waitForURL('**/admin/users?done=deactivated'),
    sec.click(`${row} button.danger`),
  ]);
  expect(h.dialogs.at(-1)?.message).toContain('确定停用吗');
  expect(await sec.textContent(row)).toContain('已停用');
  const refused = await t
    .http()
    .post('/api/auth/login')
    .send({ username: 'uni-submitter', password: PASSWORD });
  expect(refused.status).toBe(401);
  await h.shot(sec, 'admins-02-user-deactivated');

  // The system administrator has no user management and no security log.
  const status = (await t.http().get('/admin/users').set('Cookie', `cg_session=${w.admin.token}`))
    .status;
  expect(status).toBe(403);

  const audit = await signInAs('auditadmin', AUDIT_ADMIN_PASSWORD);
  await Promise.all([audit.waitForURL('**/security-log'), audit.click('nav >> text=安全日志')]);
  await audit.selectOption('#security-filters select[name=kind]', { label: '创建账号' });
  await Promise.all([
    audit.waitForEvent('load'),
    audit.click('#security-filters button[type=submit]'),
  ]);
  const created = await audit.textContent('#security-rows tbody');
  expect(created).toContain('newcomer');
  expect(created).toContain('安全管理员(secadmin)');
  expect(created).toContain('角色:成果申报人');

  await audit.selectOption('#security-filters select[name=kind]', { label: '停用账号' });
  await Promise.all([
    audit.waitForEvent('load'),
    audit.click('#security-filters button[type=submit]'),
  ]);
  expect(await audit.textContent('#security-rows tbody')).toContain('uni-submitter');

  // The system administrator's refused visit to /admin/users is there too.
  await audit.selectOption('#security-filters select[name=kind]', { label: '越权访问被拒绝' });
  await Promise.all([
    audit.waitForEvent('load'),
    audit.click('#security-filters button[type=submit]'),
  ]);
  expect(await audit.textContent('#security-rows tbody')).toContain('GET /admin/users');

  await Promise.all([audit.waitForEvent('load'), audit.click('#chain-check-link a')]);
  expect(await audit.textContent('#chain-check')).toContain('通过');
  const download = await Promise.all([audit.waitForEvent('download'), audit.click('#export-csv')]);
  expect(download[0].suggestedFilename()).toBe('security-log.csv');
  await h.shot(audit, 'admins-03-security-log');
  expect(h.leaks).toEqual([]);
});
