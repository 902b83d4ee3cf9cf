import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import { claimsOf, httpFrom, signToken, type PlainResponse } from './support/http-from';
import { startServer, type ServerProcess } from './support/server-process';

/**
 * Findings 4, 5 and 7 of #17 against the built server (`node dist/src/main.js`), on SQLite or,
 * with TEST_DB=postgres, on a scratch PostgreSQL database: logout and revocation end sessions,
 * idle sessions end, hand-signed tokens with an object `sub` or without `exp` are refused, and
 * the login limiter answers every name alike and cannot lock the owner out.
 */
const PASSWORD = 'Sessions-pass-2026!';
const IDLE_SECONDS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sessions and login throttling on the built server (#17: 4, 5, 7)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-sessions-'));
  let pg: { url: string; drop: () => Promise<void> } | null = null;
  let server: ServerProcess;
  let base: string;
  let secret: string;

  beforeAll(async () => {
    if (process.env.TEST_DB === 'postgres') pg = await createScratchPostgres();
    server = await startServer({
      DATA_DIR: dataDir,
      DATABASE_URL: pg?.url ?? '',
      ADMIN_PASSWORD: PASSWORD,
      SCHEDULER: 'off',
      SESSION_IDLE_TIMEOUT: `${IDLE_SECONDS}s`,
    });
    base = server.base;
    secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (
    method: string,
    path: string,
    opts: { token?: string; cookie?: string; body?: unknown; from?: string } = {},
  ): Promise<PlainResponse> =>
    httpFrom(base, opts.from ?? '127.0.0.1', method, path, {
      body: opts.body,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
      },
    });

  async function login(from = '127.0.0.1'): Promise<string> {
    const res = await call('POST', '/api/auth/login', {
      from,
      body: { username: 'admin', password: PASSWORD },
    });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${res.text}`);
    return String(res.body.accessToken);
  }

  /** 200 for a working session, 401 for an ended one; the console sends it to /login. */
  async function state(token: string): Promise<{ api: number; console: string }> {
    const api = await call('GET', '/api/auth/me', { token });
    const page = await call('GET', '/tasks', { cookie: `cg_session=${token}` });
    return {
      api: api.status,
      console:
        page.status === 200
          ? 'open'
          : String(page.headers.location ?? '').startsWith('/login')
            ? 'login'
            : String(page.status),
    };
  }
  const OPEN = { api: 200, console: 'open' };
  const ENDED = { api: 401, console: 'login' };

  it('finding 5: logout ends the session at once, for the bearer token and the cookie', async () => {
    const api = await login();
    expect(await state(api)).toEqual(OPEN);
    expect((await call('POST', '/api/auth/logout', { token: api })).status).toBe(204);
    expect(await state(api)).toEqual(ENDED);

    // The console's own logout, with the CSRF token of the page.
    const web = await login();
    const page = await call('GET', '/tasks', { cookie: `cg_session=${web}` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const out = await httpFrom(base, '127.0.0.1', 'POST', '/logout', {
      headers: { cookie: `cg_session=${web}` },
      form: { _csrf: csrf },
    });
    expect(out.status).toBe(303);
    expect(await state(web)).toEqual(ENDED);
  });

  it('finding 5: a session left idle ends; one in use goes on', async () => {
    const idle = await login();
    const busy = await login();
    for (let i = 0; i < 5; i++) {
      expect((await call('GET', '/api/auth/me', { token: busy })).status).toBe(200);
      await sleep(IDLE_SECONDS * 250);
    }
    await sleep(IDLE_SECONDS * 300);
    expect(await state(idle)).toEqual(ENDED);
    expect((await call('GET', '/api/auth/me', { token: busy })).status).toBe(200);
  });

  it('a user lists their sessions and ends the others', async () => {
    const mine = await login();
    const other = await login('127.0.0.9');
    const list = (await call('GET', '/api/auth/sessions', { token: mine })).body as unknown as {
      id: string;
      current: boolean;
      clientIp: string;
    }[];
    expect(list.find((s) => s.current)?.id).toBe(claimsOf(mine).sid);
    expect(list.find((s) => s.id === claimsOf(other).sid)?.clientIp).toBe('127.0.0.9');
    const ended = await call('POST', '/api/auth/sessions/revoke-others', { token: mine });
    expect(ended.status).toBe(200);
    expect(await state(other)).toEqual(ENDED);
    expect(await state(mine)).toEqual(OPEN);
    const page = await call('GET', '/account/sessions', { cookie: `cg_session=${mine}` });
    expect(page.status).toBe(200);
    expect(page.text).toContain('当前会话');
  });

  it('finding 7: tokens signed with the server’s secret but with an object sub or no exp are refused', async () => {
    const real = claimsOf(await login());
    const exp = Math.floor(Date.now() / 1000) + 3600;
    for (const claims of [
      { sub: { $ne: null }, exp },
      { sub: { $ne: null }, sid: real.sid, exp },
      { sub: real.sub, sid: { $ne: null }, exp },
      { sub: real.sub, sid: real.sid },
      { sub: real.sub },
    ]) {
      const token = signToken(claims, secret);
      expect({ claims, ...(await state(token)) }).toEqual({ claims, ...ENDED });
    }
    expect(await state(signToken({ sub: real.sub, sid: real.sid, exp }, secret))).toEqual(OPEN);
    expect(await state(signToken({ sub: real.sub, sid: real.sid, exp }, secret, 'HS512'))).toEqual(
      ENDED,
    );
  });

  it('finding 4: an existing and an unknown name get identical answers under brute force', async () => {
    const answers = async (from: string, username: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await call('POST', '/api/auth/login', {
          from,
          body: { username, password: `Brute-force-${i}` },
        });
        seen.push(
          `${res.status} ${String(res.body.message)} ${String(res.headers['retry-after'] ?? '')}`,
        );
      }
      return seen;
    };
    const [existing, unknown] = await Promise.all([
      answers('127.0.0.2', 'admin'),
      answers('127.0.0.3', 'nobody-at-all'),
    ]);
    expect(existing).toEqual(unknown);
    expect(existing.filter((a) => a.startsWith('401 用户名或密码错误'))).toHaveLength(5);
    expect(existing[5]).toMatch(/^429 登录尝试过于频繁,请 \d+ 秒后再试 \d+$/);
  });

  it('finding 4: hammering admin from one client does not stop admin logging in from another', async () => {
    let hammering = true;
    const attacker = (async () => {
      let n = 0;
      while (hammering) {
        await call('POST', '/api/auth/login', {
          from: '127.0.0.4',
          body: { username: 'admin', password: `Hammer-${n++}` },
        });
      }
      return n;
    })();
    await sleep(1000);
    const token = await login('127.0.0.5');
    expect(await state(token)).toEqual(OPEN);
    hammering = false;
    expect(await attacker).toBeGreaterThan(5);
  });
});
