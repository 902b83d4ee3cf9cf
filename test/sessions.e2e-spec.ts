import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SecurityEvent } from '../src/security-log/security-event.entity';
import { consoleSignIn, csrfIn } from './support/console-session';
import { claimsOf, httpFrom, signToken } from './support/http-from';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app';
import { buildWorld, login, PASSWORD, type World } from './support/world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function securityKinds(t: TestApp): Promise<string[]> {
  const rows = await t.orm.em.fork().find(SecurityEvent, {}, { orderBy: { seq: 'asc' } });
  return rows.map((r) => r.kind);
}

/** The app listening on a port, so that requests can come from other local addresses too. */
function baseOf(t: TestApp): string {
  const server = t.app.getHttpServer() as import('node:http').Server;
  if (!server.listening) server.listen(0);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Sessions: logout, revocation, idle and absolute timeouts (#17, finding 5)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  }, 60_000);
  afterAll(() => t.close());

  const me = (token: string) =>
    t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);

  it('API logout ends the session at once: the token no longer works as bearer or cookie', async () => {
    const s = await login(t, 'submitter', PASSWORD);
    await me(s.token).expect(200);
    await t.http().post('/api/auth/logout').set(s.auth).expect(204);
    const res = await me(s.token).expect(401);
    expect(res.body.message).toBe('登录已失效,请重新登录');
    const page = await t.http().get('/tasks').set('Cookie', `cg_session=${s.token}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toContain('/login');
    // Another session of the same user is untouched.
    await me(w.submitter.token).expect(200);
  });

  it('console logout ends the session: the old cookie opens nothing and is no bearer token', async () => {
    const session = await consoleSignIn(t, 'office');
    const token = session.cookie.replace('cg_session=', '');
    await me(token).expect(200);
    await t
      .http()
      .post('/logout')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf })
      .expect(303);
    const page = await t.http().get('/tasks').set('Cookie', session.cookie);
    expect(page.status).toBe(303);
    expect(page.headers.location).toContain('/login');
    await me(token).expect(401);
  });

  it('lists the caller’s sessions, ends one, and ends all the others', async () => {
    const a = await login(t, 'recommender', PASSWORD);
    const b = await login(t, 'recommender', PASSWORD);
    const web = await consoleSignIn(t, 'recommender');
    const list = await t.http().get('/api/auth/sessions').set(a.auth).expect(200);
    const ids = (list.body as { id: string; current: boolean }[]).map((s) => s.id);
    const sidOf = (token: string) => String(claimsOf(token).sid);
    expect(ids).toEqual(expect.arrayContaining([sidOf(a.token), sidOf(b.token)]));
    expect(
      (list.body as { id: string; current: boolean }[]).filter((s) => s.current).map((s) => s.id),
    ).toEqual([sidOf(a.token)]);
    expect(list.body[0]).toEqual(
      expect.objectContaining({ clientIp: '127.0.0.1', createdAt: expect.any(String) }),
    );

    // Someone else's session is not the caller's to end: 404, and it goes on working.
    await t
      .http()
      .delete(`/api/auth/sessions/${sidOf(w.office.token)}`)
      .set(a.auth)
      .expect(404);
    await me(w.office.token).expect(200);

    await t
      .http()
      .delete(`/api/auth/sessions/${sidOf(b.token)}`)
      .set(a.auth)
      .expect(204);
    await me(b.token).expect(401);

    const ended = await t.http().post('/api/auth/sessions/revoke-others').set(a.auth).expect(200);
    expect(ended.body.revoked).toBeGreaterThanOrEqual(2); // the console one and the world's
    const page = await t.http().get('/tasks').set('Cookie', web.cookie);
    expect(page.headers.location).toContain('/login');
    await me(w.recommender.token).expect(401);
    await me(a.token).expect(200);
    const after = await t.http().get('/api/auth/sessions').set(a.auth).expect(200);
    expect((after.body as { id: string }[]).map((s) => s.id)).toEqual([sidOf(a.token)]);
    w.recommender = await login(t, 'recommender', PASSWORD);
  });

  it('the console page /account/sessions marks the current one and ends the others', async () => {
    const extra = await login(t, 'expert1', PASSWORD);
    const web = await consoleSignIn(t, 'expert1');
    const page = await t.http().get('/account/sessions').set('Cookie', web.cookie).expect(200);
    expect(page.text).toContain('登录会话');
    expect(page.text.match(/当前会话/g)).toHaveLength(1);
    // Times in the console's Asia/Shanghai format, never ISO.
    expect(page.text).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(page.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(page.text).toContain(`/account/sessions/${String(claimsOf(extra.token).sid)}/revoke`);
    const res = await t
      .http()
      .post('/account/sessions/revoke-others')
      .set('Cookie', web.cookie)
      .type('form')
      .send({ _csrf: csrfIn(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/sessions?done=others');
    await me(extra.token).expect(401);
    const again = await t
      .http()
      .get('/account/sessions?done=others')
      .set('Cookie', web.cookie)
      .expect(200);
    expect(again.text).toContain('已结束其他全部会话');
    expect(again.text).toContain('没有其他会话');
  });

  it('writes logins, logouts and revocations to the security log', async () => {
    const kinds = await securityKinds(t);
    for (const kind of ['loginSucceeded', 'logout', 'sessionRevoked']) {
      expect(kinds).toContain(kind);
    }
  });
});

describe('Tokens: only HS256, with a string sub and sid and an exp (#17, finding 7)', () => {
  let t: TestApp;
  let secret: string;
  let admin: Awaited<ReturnType<typeof login>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, 'admin', ADMIN_PASSWORD);
    secret = readFileSync(join(t.config.dataDir, 'jwt-secret'), 'utf8').trim();
  });
  afterAll(() => t.close());

  it('refuses correctly signed tokens whose claims are of the wrong shape or lack exp', async () => {
    const real = claimsOf(admin.token);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const cases: [string, string][] = [
      ['object sub', signToken({ sub: { $ne: null }, exp }, secret)],
      ['object sub with sid', signToken({ sub: { $ne: null }, sid: real.sid, exp }, secret)],
      ['object sid', signToken({ sub: real.sub, sid: { $ne: null }, exp }, secret)],
      ['no exp', signToken({ sub: real.sub, sid: real.sid }, secret)],
      ['no sid', signToken({ sub: real.sub, exp }, secret)],
      ['string exp', signToken({ sub: real.sub, sid: real.sid, exp: String(exp) }, secret)],
      ['HS512', signToken({ sub: real.sub, sid: real.sid, exp }, secret, 'HS512')],
      ['alg none', signToken({ sub: real.sub, sid: real.sid, exp }, secret, 'none')],
      ['unknown sid', signToken({ sub: real.sub, sid: 'A'.repeat(43), exp }, secret)],
    ];
    for (const [label, token] of cases) {
      const api = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      const page = await t.http().get('/tasks').set('Cookie', `cg_session=${token}`);
      expect({ label, api: api.status, page: page.status }).toEqual({
        label,
        api: 401,
        page: 303,
      });
    }
    // The same claims as issued, re-signed: accepted, so the refusals are about the claims.
    const resigned = signToken({ sub: real.sub, sid: real.sid, exp }, secret);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${resigned}`).expect(200);
  });

  it('issues tokens carrying sub, sid and exp, signed HS256', () => {
    const header = JSON.parse(Buffer.from(admin.token.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('HS256');
    const claims = claimsOf(admin.token);
    expect(claims).toEqual(
      expect.objectContaining({
        sub: admin.id,
        sid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        exp: expect.any(Number),
      }),
    );
    // The absolute timeout: JWT_TTL (8 h by default) after login.
    expect(Number(claims.exp) * 1000 - Date.now()).toBeGreaterThan(8 * 3600_000 - 60_000);
  });
});

describe('Sessions end after the idle timeout, on the wall clock (#17, finding 5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { sessionIdleMs: 1500 } });
  });
  afterAll(() => t.close());

  it('keeps a session in use alive and ends one left idle, whatever the app clock says', async () => {
    const busy = await login(t, 'admin', ADMIN_PASSWORD);
    const idle = await login(t, 'admin', ADMIN_PASSWORD);
    // The application clock jumping a month ahead ends nothing.
    t.clock.advance(30 * 24 * 3600_000);
    for (let i = 0; i < 5; i++) {
      await t.http().get('/api/auth/me').set(busy.auth).expect(200);
      await sleep(600);
    }
    const res = await t.http().get('/api/auth/me').set(idle.auth).expect(401);
    expect(res.body.message).toBe('登录已失效,请重新登录');
    const page = await t.http().get('/tasks').set('Cookie', `cg_session=${idle.token}`);
    expect(page.headers.location).toContain('/login');
    await t.http().get('/api/auth/me').set(busy.auth).expect(200);
    expect(await securityKinds(t)).toContain('sessionExpired');
  });
});

describe('Login throttling that cannot be turned against users (#17, finding 4)', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({
      config: { loginAccountFreeFailures: 50, loginClientFreeFailures: 100 },
    });
    base = baseOf(t);
  });
  afterAll(() => t.close());

  const attempt = (from: string, username: string, password: string) =>
    httpFrom(base, from, 'POST', '/api/auth/login', { body: { username, password } });

  /** What a client sees for a series of wrong passwords, waiting out each delay once. */
  async function hammer(from: string, username: string): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await attempt(from, username, `Wrong-pass-${i}`);
      seen.push(
        `${res.status} ${String(res.body.message)} ${String(res.headers['retry-after'] ?? '')}`,
      );
      if (res.status === 429 && i < 7) {
        await sleep(Number(res.headers['retry-after']) * 1000 + 50);
      }
    }
    return seen;
  }

  it('answers an existing and an unknown name identically, and delays instead of locking', async () => {
    const [existing, unknown] = await Promise.all([
      hammer('127.0.0.2', 'admin'),
      hammer('127.0.0.3', 'no-such-user'),
    ]);
    expect(existing).toEqual(unknown);
    expect(existing.slice(0, 5)).toEqual(Array(5).fill('401 用户名或密码错误 '));
    expect(existing[5]).toBe('429 登录尝试过于频繁,请 1 秒后再试 1');
    expect(existing.join('\n')).not.toContain('锁定');
    // Even the right password waits out the delay on the attacking client, like any name.
    const right = await attempt('127.0.0.2', 'admin', ADMIN_PASSWORD);
    const wrongName = await attempt('127.0.0.3', 'no-such-user', ADMIN_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.message).toEqual(wrongName.body.message);
  });

  it('lets the real user log in from another client while the account is hammered', async () => {
    const attacker = (async () => {
      for (let i = 0; i < 10; i++) await attempt('127.0.0.4', 'admin', `Guess-${i}-pass`);
    })();
    await sleep(100);
    const owner = await attempt('127.0.0.5', 'admin', ADMIN_PASSWORD);
    expect(owner.status).toBe(200);
    await attacker;
    expect((await attempt('127.0.0.4', 'admin', 'Guess-11-pass')).status).toBe(429);
    expect((await attempt('127.0.0.6', 'admin', ADMIN_PASSWORD)).status).toBe(200);
  });

  /** The console's login form, opened from `from`, to post as a browser there would. */
  async function consoleForm(from: string) {
    const page = await httpFrom(base, from, 'GET', '/login');
    const pre = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('cg_pre='))!
      .split(';')[0];
    const csrf = csrfIn(page.text);
    return (username: string, password: string) =>
      httpFrom(base, from, 'POST', '/login', {
        headers: { cookie: pre },
        form: { username, password, next: '/tasks', _csrf: csrf },
      });
  }

  it('is one limiter for the API and the console, kept in the database across instances', async () => {
    const from = '127.0.0.7';
    // A second instance on the same database, started first (the delays are only seconds).
    const second = await createTestApp({ restartOf: t });
    try {
      const consoleAttempt = await consoleForm(from);
      for (let i = 0; i < 3; i++) {
        expect((await attempt(from, 'office-x', `Wrong-${i}-pass`)).status).toBe(401);
      }
      for (let i = 3; i < 5; i++) {
        const res = await consoleAttempt('Office-X', `Wrong-${i}-pass`);
        expect(res.status).toBe(401);
        expect(res.text).toContain('用户名或密码错误');
      }
      // The sixth attempt, on either door, waits: the console shows the same message.
      const throttled = await consoleAttempt('office-x', 'Wrong-5-pass');
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('1');
      expect(throttled.text).toContain('登录尝试过于频繁,请 1 秒后再试');

      // The second instance sees the same state.
      {
        const res = await httpFrom(baseOf(second), from, 'POST', '/api/auth/login', {
          body: { username: 'OFFICE-X', password: 'Wrong-6-pass' },
        });
        expect(res.status).toBe(429);
        expect(res.headers['retry-after']).toBeDefined();
      }
    } finally {
      await second.app.close();
    }
    const kinds = await securityKinds(t);
    expect(kinds).toContain('loginFailed');
    expect(kinds).toContain('loginThrottled');
  });
});

describe('The account-wide limit slows, never locks (#17, finding 4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: { loginAccountFreeFailures: 3, loginAccountMaxDelayMs: 2000 },
    });
  });
  afterAll(() => t.close());

  it('lets the owner in after a short wait however many clients guess', async () => {
    const base = baseOf(t);
    const guess = (from: string, n: number) =>
      httpFrom(base, from, 'POST', '/api/auth/login', {
        body: { username: 'admin', password: `Spread-guess-${n}` },
      });
    // Many clients, one guess each: past the account's free failures every client waits.
    for (let i = 0; i < 8; i++) await guess(`127.0.1.${i + 1}`, i);
    const waited = await httpFrom(base, '127.0.2.1', 'POST', '/api/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(waited.status).toBe(429);
    const retryAfter = Number(waited.headers['retry-after']);
    expect(retryAfter).toBeLessThanOrEqual(2);
    await sleep(retryAfter * 1000 + 100);
    const owner = await httpFrom(base, '127.0.2.1', 'POST', '/api/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(owner.status).toBe(200);
  });
});
