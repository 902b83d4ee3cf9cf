import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import { httpFrom, type PlainResponse } from './support/http-from';
import { startServer, type ServerProcess } from './support/server-process';

/**
 * TRUST_PROXY on the built server (`node dist/src/main.js`), on SQLite or, with
 * TEST_DB=postgres, on a scratch PostgreSQL database. Two servers: one without TRUST_PROXY, where
 * X-Forwarded-For changes nothing whoever sends it, and one behind a proxy at 127.0.0.2, where the
 * client is read from X-Forwarded-For sent by that proxy, and only by it. Each time the address is
 * seen three ways: the session list, the security log, and the public and login limits.
 */
const PASSWORD = 'Proxy-pass-2026!';
const PROXY = '127.0.0.2';
const ELSEWHERE = '127.0.0.3';
const PUBLIC_LIMIT = 3;

describe('TRUST_PROXY on the built server', () => {
  const dirs = [0, 1].map((i) => mkdtempSync(join(tmpdir(), `chengguo-proxy-${i}-`)));
  const pgs: { url: string; drop: () => Promise<void> }[] = [];
  let direct: ServerProcess;
  let proxied: ServerProcess;

  beforeAll(async () => {
    const start = async (dataDir: string, extra: Record<string, string>) => {
      const pg = process.env.TEST_DB === 'postgres' ? await createScratchPostgres() : null;
      if (pg) pgs.push(pg);
      return startServer({
        DATA_DIR: dataDir,
        DATABASE_URL: pg?.url ?? '',
        ADMIN_PASSWORD: PASSWORD,
        AUDIT_ADMIN_PASSWORD: PASSWORD,
        SCHEDULER: 'off',
        PUBLIC_RATE_LIMIT: String(PUBLIC_LIMIT),
        ...extra,
      });
    };
    [direct, proxied] = await Promise.all([
      start(dirs[0], {}),
      start(dirs[1], { TRUST_PROXY: `${PROXY}/32` }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([direct?.stop(), proxied?.stop()]);
    for (const pg of pgs) await pg.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const call = (
    server: ServerProcess,
    from: string,
    method: string,
    path: string,
    opts: { forwardedFor?: string; token?: string; body?: unknown } = {},
  ): Promise<PlainResponse> =>
    httpFrom(server.base, from, method, path, {
      body: opts.body,
      headers: {
        ...(opts.forwardedFor ? { 'x-forwarded-for': opts.forwardedFor } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
    });

  /** Signs in from `from` (saying X-Forwarded-For: `forwardedFor`); the address the server saw. */
  async function seenAt(server: ServerProcess, from: string, forwardedFor?: string) {
    const login = await call(server, from, 'POST', '/api/auth/login', {
      forwardedFor,
      body: { username: 'admin', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const token = String(login.body.accessToken);
    const sessions = (await call(server, from, 'GET', '/api/auth/sessions', { token }))
      .body as unknown as { current: boolean; clientIp: string }[];
    return sessions.find((s) => s.current)!.clientIp;
  }

  /** How many successful sign-ins of admin the security log has from `ip`. */
  async function loggedFrom(server: ServerProcess, ip: string): Promise<number> {
    const login = await call(server, '127.0.0.1', 'POST', '/api/auth/login', {
      body: { username: 'auditadmin', password: PASSWORD },
    });
    const token = String(login.body.accessToken);
    const page = await call(
      server,
      '127.0.0.1',
      'GET',
      `/api/security-log?kind=loginSucceeded&username=admin&ip=${encodeURIComponent(ip)}`,
      { token },
    );
    return (page.body.entries as unknown[]).length;
  }

  /** Statuses of PUBLIC_LIMIT + 1 public requests from `from`, each with the next forwarded address. */
  async function publicAnswers(server: ServerProcess, from: string, forwarded: string[]) {
    const statuses: number[] = [];
    for (const forwardedFor of forwarded) {
      statuses.push(
        (await call(server, from, 'GET', '/api/public/achievements', { forwardedFor })).status,
      );
    }
    return statuses;
  }
  const forgedClients = (prefix: string) =>
    Array.from({ length: PUBLIC_LIMIT + 1 }, (_, i) => `${prefix}.${i + 1}`);

  /** The 6th wrong password from one peer, each attempt naming another forwarded address. */
  async function sixthWrongPassword(server: ServerProcess, from: string, prefix: string) {
    let last = 0;
    for (let i = 1; i <= 6; i++) {
      last = (
        await call(server, from, 'POST', '/api/auth/login', {
          forwardedFor: `${prefix}.${i}`,
          body: { username: 'nobody', password: `Wrong-password-${i}` },
        })
      ).status;
    }
    return last;
  }

  describe('without TRUST_PROXY', () => {
    it('a forged X-Forwarded-For changes neither the session’s address nor the security log', async () => {
      expect(await seenAt(direct, ELSEWHERE, '10.6.6.6')).toBe(ELSEWHERE);
      expect(await seenAt(direct, PROXY, '10.6.6.7')).toBe(PROXY);
      expect(await loggedFrom(direct, '10.6.6.6')).toBe(0);
      expect(await loggedFrom(direct, ELSEWHERE)).toBeGreaterThanOrEqual(1);
    });

    it('a forged X-Forwarded-For escapes neither the public rate limit nor the login limiter', async () => {
      const statuses = await publicAnswers(direct, '127.0.0.4', forgedClients('10.7.7'));
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await sixthWrongPassword(direct, '127.0.0.5', '10.8.8')).toBe(429);
    });
  });

  describe(`with TRUST_PROXY=${PROXY}/32`, () => {
    it('takes the client from X-Forwarded-For sent by the proxy, and only by it', async () => {
      expect(await seenAt(proxied, PROXY, '10.1.2.3')).toBe('10.1.2.3');
      // Through the proxy, an address the client itself put in front is not believed either.
      expect(await seenAt(proxied, PROXY, '10.6.6.6, 10.1.2.4')).toBe('10.1.2.4');
      // From anywhere else the header is ignored.
      expect(await seenAt(proxied, ELSEWHERE, '10.6.6.8')).toBe(ELSEWHERE);
      expect(await loggedFrom(proxied, '10.1.2.3')).toBe(1);
      expect(await loggedFrom(proxied, '10.6.6.6')).toBe(0);
      expect(await loggedFrom(proxied, '10.6.6.8')).toBe(0);
    });

    it('counts the limits per real client behind the proxy; a forged header elsewhere escapes nothing', async () => {
      // Through the proxy each forwarded client has a quota of its own ...
      expect(await publicAnswers(proxied, PROXY, forgedClients('10.2.2'))).toEqual([
        200, 200, 200, 200,
      ]);
      // ... one client behind it is held to it ...
      expect(await publicAnswers(proxied, PROXY, Array(PUBLIC_LIMIT + 1).fill('10.3.3.3'))).toEqual(
        [200, 200, 200, 429],
      );
      expect(await sixthWrongPassword(proxied, PROXY, '10.4.4')).toBe(401);
      // ... and a peer that is not the proxy gets nothing from the header.
      expect(await publicAnswers(proxied, ELSEWHERE, forgedClients('10.5.5'))).toEqual([
        200, 200, 200, 429,
      ]);
      expect(await sixthWrongPassword(proxied, ELSEWHERE, '10.9.9')).toBe(429);
    });
  });
});
