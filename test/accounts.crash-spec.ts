import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import {
  ApiClient,
  INITIAL_PASSWORD,
  startServer,
  type ServerProcess,
} from './support/server-process';

/**
 * Finding 8 of #17 against the built server (`node dist/src/main.js`), on SQLite or, with
 * TEST_DB=postgres, on a scratch PostgreSQL database: weak passwords and user names that differ
 * only in case are refused, a password change needs the current one, the security
 * administrator's reset forces a change at the next login, privileged passwords expire (the
 * server runs on a simulated clock that the system administrator moves 91 days on), and the
 * security administrator deactivates accounts and changes roles, each with effect at once and in
 * the security log.
 */
const PASSWORD = 'Accounts-pass-2026!';
const OWN = 'Own-Heron-Lake-2026!';

describe('accounts on the built server (#17: 8)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-accounts-'));
  let pg: { url: string; drop: () => Promise<void> } | null = null;
  let server: ServerProcess;
  let api: ApiClient;
  let unitId: string;
  let provinceId: string;

  beforeAll(async () => {
    if (process.env.TEST_DB === 'postgres') pg = await createScratchPostgres();
    server = await startServer({
      DATA_DIR: dataDir,
      DATABASE_URL: pg?.url ?? '',
      ADMIN_PASSWORD: PASSWORD,
      SECURITY_ADMIN_PASSWORD: PASSWORD,
      AUDIT_ADMIN_PASSWORD: PASSWORD,
      SCHEDULER: 'off',
      PASSWORD_MAX_AGE_DAYS_PRIVILEGED: '90',
      // Expiry is by the app clock: a simulated one the system administrator moves on.
      SIMULATED_CLOCK_START: new Date().toISOString(),
      SIMULATED_CLOCK_ON_POSTGRES: '1',
    });
    api = new ApiClient(server.base);
    await api.login('admin', 'admin', PASSWORD);
    await api.login('secadmin', 'secadmin', PASSWORD);
    await api.login('auditadmin', 'auditadmin', PASSWORD);
    unitId = String(
      (
        await api.call('POST', '/api/organizations', 'admin', {
          name: '某某科技有限公司',
          type: 'enterprise',
          city: '杭州',
        })
      ).body.id,
    );
    const orgs = (await api.call('GET', '/api/organizations', 'admin')).body as unknown as {
      id: string;
      type: string;
    }[];
    provinceId = orgs.find((o) => o.type === 'provincialDepartment')!.id;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const create = (username: string, password: string, roles = ['submitter'], org?: string) =>
    api.call('POST', '/api/users', 'secadmin', {
      username,
      password,
      displayName: username,
      organizationId: org ?? unitId,
      roles,
    });
  const loginStatus = async (username: string, password: string) =>
    (await api.call('POST', '/api/auth/login', null, { username, password })).status;
  /** A new account whose owner has set their own password, logged in as `username`. */
  async function account(username: string, roles = ['submitter'], org?: string): Promise<string> {
    const made = await create(username, INITIAL_PASSWORD, roles, org);
    if (made.status !== 201) throw new Error(`create ${username}: ${JSON.stringify(made.body)}`);
    await api.firstLogin(username, username, INITIAL_PASSWORD, OWN);
    return String(made.body.id);
  }
  const logged = async (kind: string, username: string) =>
    (
      (await api.call('GET', `/api/security-log?kind=${kind}&username=${username}`, 'auditadmin'))
        .body.entries as unknown as { username: string }[]
    ).length;

  it('refuses Password12 with a message on the password field, and writes no account', async () => {
    const res = await create('weak.one', 'Password12');
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors as object)).toEqual(['password']);
    expect((res.body.errors as Record<string, string[]>).password).toContain(
      '属于常见密码或其简单变形(如 Password12、Admin@123456),容易被猜中',
    );
    expect(await loginStatus('weak.one', 'Password12')).toBe(401);
    const users = (await api.call('GET', '/api/users?q=weak.one', 'secadmin')).body;
    expect(users).toEqual([]);
  });

  it('refuses ADMIN beside admin (409), and logs admin in whatever the case', async () => {
    for (const username of ['ADMIN', 'Admin', 'SecAdmin']) {
      const res = await create(username, INITIAL_PASSWORD);
      expect({ username, status: res.status, errors: res.body.errors }).toEqual({
        username,
        status: 409,
        errors: { username: ['用户名已被使用'] },
      });
    }
    expect(await loginStatus('ADMIN', PASSWORD)).toBe(200);
  });

  it('changes a password only with the current one; the old one stops working', async () => {
    await account('changer');
    const wrong = await api.call('POST', '/api/auth/password', 'changer', {
      currentPassword: 'Not-the-password-1',
      newPassword: 'Brand-New-Heron-9',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual({ currentPassword: ['当前密码不正确'] });
    expect(await loginStatus('changer', 'Brand-New-Heron-9')).toBe(401);
    expect(await loginStatus('changer', OWN)).toBe(200);

    const right = await api.call('POST', '/api/auth/password', 'changer', {
      currentPassword: OWN,
      newPassword: 'Brand-New-Heron-9',
    });
    expect(right.status).toBe(204);
    expect(await loginStatus('changer', OWN)).toBe(401);
    expect(await loginStatus('changer', 'Brand-New-Heron-9')).toBe(200);
    expect(await logged('passwordChanged', 'changer')).toBeGreaterThanOrEqual(2);
  });

  it('a reset by the security administrator ends the sessions and forces a change at the next login', async () => {
    const id = await account('forgetful');
    expect((await api.call('GET', '/api/achievements', 'forgetful')).status).toBe(200);
    // The system administrator may not reset anyone's password.
    expect((await api.call('POST', `/api/users/${id}/password-reset`, 'admin')).status).toBe(403);
    const reset = await api.call('POST', `/api/users/${id}/password-reset`, 'secadmin');
    expect(reset.status).toBe(200);
    const temporary = String(reset.body.temporaryPassword);
    expect((await api.call('GET', '/api/auth/me', 'forgetful')).status).toBe(401);
    expect(await loginStatus('forgetful', OWN)).toBe(401);

    await api.login('forgetful', 'forgetful', temporary);
    const refused = await api.call('GET', '/api/achievements', 'forgetful');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('请先修改初始密码');
    expect(
      (
        await api.call('POST', '/api/auth/password', 'forgetful', {
          currentPassword: temporary,
          newPassword: 'Own-Again-Heron-7',
        })
      ).status,
    ).toBe(204);
    await api.login('forgetful', 'forgetful', 'Own-Again-Heron-7');
    expect((await api.call('GET', '/api/achievements', 'forgetful')).status).toBe(200);
    expect(await logged('passwordReset', 'forgetful')).toBe(1);
  });

  it('deactivation ends the sessions at once and refuses login; reactivation lets the user back', async () => {
    const id = await account('leaver');
    expect((await api.call('GET', '/api/auth/me', 'leaver')).status).toBe(200);
    expect((await api.call('POST', `/api/users/${id}/deactivate`, 'admin')).status).toBe(403);
    expect((await api.call('POST', `/api/users/${id}/deactivate`, 'secadmin')).status).toBe(200);
    expect((await api.call('GET', '/api/auth/me', 'leaver')).status).toBe(401);
    expect(await loginStatus('leaver', OWN)).toBe(401);
    expect((await api.call('POST', `/api/users/${id}/reactivate`, 'secadmin')).status).toBe(200);
    expect(await loginStatus('leaver', OWN)).toBe(200);
    expect(await logged('userDeactivated', 'leaver')).toBe(1);
  });

  it('the security administrator changes roles, with effect at once; nobody else may', async () => {
    const id = await account('mover');
    const officeOnly = '/api/collection/periods/2026-11/status';
    expect((await api.call('GET', officeOnly, 'mover')).status).toBe(403);
    const change = { roles: ['officeStaff'], organizationId: provinceId };
    for (const who of ['admin', 'auditadmin', 'mover']) {
      expect((await api.call('PATCH', `/api/users/${id}`, who, change)).status).toBe(403);
    }
    const changed = await api.call('PATCH', `/api/users/${id}`, 'secadmin', change);
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['officeStaff']);
    expect((await api.call('GET', officeOnly, 'mover')).status).toBe(200);
    expect(await logged('rolesChanged', 'mover')).toBe(1);
  });

  it('a privileged password expires after 90 days of the app clock; an ordinary one does not', async () => {
    await account('office.a', ['officeStaff'], provinceId);
    await account('unit.a');
    const moved = await api.call('POST', '/api/admin/clock', 'admin', { advanceDays: 89 });
    expect(moved.status).toBe(200);
    expect((await api.call('GET', '/api/achievements', 'office.a')).status).toBe(200);
    expect((await api.call('POST', '/api/admin/clock', 'admin', { advanceDays: 2 })).status).toBe(
      200,
    );
    const expired = await api.call('GET', '/api/achievements', 'office.a');
    expect(expired.status).toBe(403);
    expect(expired.body.message).toBe('密码已过期,请先修改密码');
    expect((await api.call('GET', '/api/achievements', 'unit.a')).status).toBe(200);
    expect(
      (
        await api.call('POST', '/api/auth/password', 'office.a', {
          currentPassword: OWN,
          newPassword: 'Fresh-Office-Heron-5',
        })
      ).status,
    ).toBe(204);
    await api.login('office.a', 'office.a', 'Fresh-Office-Heron-5');
    expect((await api.call('GET', '/api/achievements', 'office.a')).status).toBe(200);
  });
});
