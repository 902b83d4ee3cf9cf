import { JwtService } from '@nestjs/jwt';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CapturingLogger } from './support/capturing-logger';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app';
import { login } from './support/world';

const PRINTED = /初始密码\(仅显示这一次\):(\S+)/;

/** The generated admin passwords a start printed. */
function printedPasswords(logs: CapturingLogger): string[] {
  return logs.lines.flatMap((line) => line.match(PRINTED)?.[1] ?? []);
}

describe('first start: the admin account and the JWT secret', () => {
  describe('without ADMIN_PASSWORD or JWT_SECRET', () => {
    const firstLogs = new CapturingLogger();
    const secondLogs = new CapturingLogger();
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      first = await createTestApp({
        logger: firstLogs,
        config: {
          adminPassword: null,
          securityAdminPassword: null,
          auditAdminPassword: null,
          jwtSecret: null,
        },
      });
      // A later start on the same data directory and database, this time with ADMIN_PASSWORD set:
      // the admin made on the first start stands, and nothing is printed again.
      second = await createTestApp({
        restartOf: first,
        logger: secondLogs,
        config: { adminPassword: 'Later-admin-pass-9!', jwtSecret: null },
      });
    });
    afterAll(async () => {
      await second.close();
      await first.close();
    });

    it('creates admin with a generated password, printed once, that logs in', async () => {
      // One for each of the three administrators; admin's is the first (see below for the others).
      const [password, ...more] = printedPasswords(firstLogs);
      expect(more).toHaveLength(2);
      expect(password.length).toBeGreaterThanOrEqual(16);
      const admin = await login(first, 'admin', password);
      const me = await first.http().get('/api/auth/me').set(admin.auth).expect(200);
      expect(me.body).toMatchObject({ username: 'admin', roles: ['admin'] });

      expect(printedPasswords(secondLogs)).toEqual([]);
      expect(secondLogs.lines.join('\n')).not.toContain(password);
      await login(second, 'admin', password);
      await second
        .http()
        .post('/api/auth/login')
        .send({ username: 'admin', password: 'Later-admin-pass-9!' })
        .expect(401);
    });

    it('stores the password as an argon2id hash, never as given', async () => {
      const [password] = printedPasswords(firstLogs);
      const [row] = await first.orm.em
        .getConnection()
        .execute<{ password_hash: string }[]>(
          "select password_hash from app_user where username = 'admin'",
        );
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(password);
    });

    it('generates the signing secret into the data directory and keeps it across restarts', async () => {
      const file = join(first.config.dataDir, 'jwt-secret');
      const secret = readFileSync(file, 'utf8').trim();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const [password] = printedPasswords(firstLogs);
      const admin = await login(first, 'admin', password);
      expect(new JwtService({ secret }).verify(admin.token)).toMatchObject({ sub: admin.id });
      // The restarted server read the same file, so the token it did not issue is still good;
      // the printed password is good for one thing only: setting the admin's own (#17).
      await second.http().get('/api/auth/me').set(admin.auth).expect(200);
      const refused = await second.http().get('/api/users').set(admin.auth).expect(403);
      expect(refused.body.message).toBe('请先修改初始密码');
      expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    });

    it('creates the security and audit administrators too (三权分立), each with its own password printed once', async () => {
      const printed = printedPasswords(firstLogs);
      expect(printed).toHaveLength(3);
      expect(new Set(printed).size).toBe(3);
      for (const [i, [username, role]] of [
        ['admin', 'admin'],
        ['secadmin', 'securityAdmin'],
        ['auditadmin', 'auditAdmin'],
      ].entries()) {
        const who = await login(first, username, printed[i]);
        const me = await first.http().get('/api/auth/me').set(who.auth).expect(200);
        expect(me.body.roles).toEqual([role]);
      }
      // The restart made nobody again and printed nothing.
      expect(printedPasswords(secondLogs)).toEqual([]);
      const users = await first.orm.em
        .getConnection()
        .execute<{ n: number }[]>('select count(*) as n from app_user');
      expect(Number(users[0].n)).toBe(3);
    });
  });

  describe('with ADMIN_PASSWORD and JWT_SECRET', () => {
    const logs = new CapturingLogger();
    const jwtSecret = 'a-secret-from-the-environment-0123456789';
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ logger: logs, config: { jwtSecret } });
    });
    afterAll(() => t.close());

    it('gives admin that password and logs no password', async () => {
      await login(t, 'admin', ADMIN_PASSWORD);
      expect(logs.lines).toContainEqual(expect.stringContaining('已使用 ADMIN_PASSWORD'));
      expect(printedPasswords(logs)).toEqual([]);
      expect(logs.lines.join('\n')).not.toContain(ADMIN_PASSWORD);
    });

    it('signs tokens with JWT_SECRET and writes no secret of its own', async () => {
      const admin = await login(t, 'admin', ADMIN_PASSWORD);
      expect(new JwtService({ secret: jwtSecret }).verify(admin.token)).toMatchObject({
        sub: admin.id,
      });
      expect(() => new JwtService({ secret: `${jwtSecret}x` }).verify(admin.token)).toThrow();
      expect(existsSync(join(t.config.dataDir, 'jwt-secret'))).toBe(false);
    });
  });
});
