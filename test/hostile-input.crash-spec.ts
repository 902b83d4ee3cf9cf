import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import { pdf } from './support/attachment-fixtures';
import {
  ApiClient,
  ITEM,
  seedCast,
  startServer,
  type ServerProcess,
} from './support/server-process';

/**
 * Hostile input against the BUILT server (`node dist/src/main.js`), on SQLite and on PostgreSQL
 * (which cannot store NUL in text at all): NUL, other C0 and C1 controls and bidi controls in
 * every string position of every GET query parameter the API description lists, of every GET path
 * parameter, and of the main POST bodies; bodies nested 5000 deep; a forged log line. No answer may
 * be a 5xx; what the policy refuses (src/common/input-text.ts) is a 400 naming the field. Then the
 * server's own files: started with umask 000, DATA_DIR and its folders are 0700, the database, the
 * JWT secret and uploads 0600. And the public platform's rate limit, on a server of its own.
 */
const PASSWORD = 'Hostile-pass-2026!';

/** NUL, C0 (SOH, LF-less ESC, VT), DEL, C1 (NEL, CSI), and bidi controls. */
const CONTROLS = ['\u0000', '\u0001', '\u001b', '\u000b', '\u007f', '\u0085', '\u009b'];
const BIDI = ['\u202e', '\u202a', '\u2066', '\u2069', '\u200f'];
const HOSTILE = [...CONTROLS, ...BIDI];
const NAMES: Record<string, string> = Object.fromEntries(
  HOSTILE.map((c) => [c, `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`]),
);

interface Operation {
  parameters?: { name: string; in: string; schema?: { type?: string; enum?: unknown[] } }[];
}

/** Every string leaf of a JSON value with its dotted path, as the 400's `errors` names it. */
function stringLeaves(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, path ? `${path}.${k}` : k));
}

function withLeaf(value: unknown, path: string, replace: (s: string) => string): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  at[last] = replace(at[last] as string);
  return copy;
}

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

/** Every folder and file under `root` (root included) with its mode. */
function modesUnder(root: string): { dirs: Record<string, string>; files: Record<string, string> } {
  const dirs: Record<string, string> = { [root]: modeOf(root) };
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) dirs[full] = modeOf(full);
    else if (entry.isFile()) files[full] = modeOf(full);
  }
  return { dirs, files };
}

/** The server's log as lines, without ANSI colours. */
function logLines(server: ServerProcess): string[] {
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  return server.output().replace(ansi, '').split('\n');
}

/** Starts the built server with umask 000, so every mode it shows it set itself. */
async function startWithOpenUmask(env: Record<string, string>): Promise<ServerProcess> {
  const previous = process.umask(0);
  try {
    return await startServer(env);
  } finally {
    process.umask(previous);
  }
}

describe.each(['sqlite', 'postgres'] as const)('hostile input, built server on %s', (db) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'chengguo-hostile-')), 'data');
  let pg: { url: string; drop: () => Promise<void> } | null = null;
  let server: ServerProcess;
  let api: ApiClient;
  let itemId: string;
  let unitId: string;
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    if (db === 'postgres') pg = await createScratchPostgres();
    server = await startWithOpenUmask({
      DATA_DIR: dataDir,
      DATABASE_URL: pg?.url ?? '',
      ADMIN_PASSWORD: PASSWORD,
      SECURITY_ADMIN_PASSWORD: PASSWORD,
      AUDIT_ADMIN_PASSWORD: PASSWORD,
      SCHEDULER: 'off',
    });
    api = new ApiClient(server.base);
    await api.login('admin', 'admin', PASSWORD);
    await api.login('auditadmin', 'auditadmin', PASSWORD);
    await seedCast(api, PASSWORD);
    const item = await api.call('POST', '/api/achievements', 'submitter', ITEM);
    expect(item.status).toBe(201);
    itemId = String(item.body.id);
    const orgs = (await api.call('GET', '/api/organizations', 'admin')).body as unknown as {
      id: string;
      type: string;
    }[];
    unitId = orgs.find((o) => o.type === 'enterprise')!.id;
    doc = (await api.call('GET', '/api/docs-json', null)).body as unknown as typeof doc;
    for (const who of CAST) await consoleSignIn(who);
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.kill();
    await pg?.drop();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  /** Console sessions (cookies), signed in through the login form as a browser would. */
  const cookies: Record<string, string> = {};
  async function consoleSignIn(who: string): Promise<void> {
    const page = await fetch(`${server.base}/login`);
    const pre = page.headers
      .getSetCookie()
      .find((c) => c.startsWith('cg_pre='))!
      .split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    const res = await fetch(`${server.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: who, password: PASSWORD, _csrf: csrf, next: '/tasks' }),
    });
    expect(res.status).toBe(303);
    cookies[who] = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('cg_session='))!
      .split(';')[0];
  }
  const get = async (path: string, who: string | null) => {
    const res = await fetch(`${server.base}${path}`, {
      redirect: 'manual',
      headers: who
        ? path.startsWith('/api/')
          ? { authorization: `Bearer ${api.tokens[who]}` }
          : { cookie: cookies[who] }
        : {},
    });
    const text = await res.text();
    return { status: res.status, text, headers: res.headers };
  };
  /** The first of the cast whose role may open `path` (role checks come before input checks). */
  async function callerOf(path: string): Promise<string | null> {
    if (path.startsWith('/api/public/') || path === '/login' || path.startsWith('/public')) {
      return null;
    }
    for (const who of CAST) {
      if (![401, 403, 303].includes((await get(path, who)).status)) return who;
    }
    return 'admin';
  }
  const fill = (path: string) =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) =>
      name === 'id' ? itemId : name === 'period' ? '2026-11' : 'x',
    );

  it('answers every GET query parameter with a control or bidi character: 400, never 5xx', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const params = (ops.get?.parameters ?? []).filter((p) => p.in === 'query');
      if (!params.length) continue;
      const who = await callerOf(fill(path));
      for (const param of params) {
        for (const ch of HOSTILE) {
          const url = `${fill(path)}?${param.name}=${encodeURIComponent(`ab${ch}cd`)}`;
          const res = await get(url, who);
          checked++;
          // The API names the field in `errors`; a console page shows the message on its page.
          const named = path.startsWith('/api/')
            ? res.text.includes(`"${param.name}"`)
            : res.text.includes('不能包含');
          if (res.status !== 400 || !named) {
            failures.push(`${url} (${NAMES[ch]}): ${res.status} ${res.text.slice(0, 120)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers every GET path parameter with a control or bidi character without a 5xx', async () => {
    const failures: string[] = [];
    for (const path of Object.keys(doc.paths).filter((p) => doc.paths[p].get && p.includes('{'))) {
      const who = await callerOf(fill(path));
      for (const ch of HOSTILE) {
        const url = path.replace(/\{\w+\}/g, encodeURIComponent(`ab${ch}cd`));
        const res = await get(url, who);
        if (res.status >= 500) failures.push(`${url} (${NAMES[ch]}): ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses a control or bidi character in every string of the main POST bodies, naming the field', async () => {
    const bodies: { path: string; who: string | null; body: unknown }[] = [
      { path: '/api/auth/login', who: null, body: { username: 'admin', password: PASSWORD } },
      { path: '/api/achievements', who: 'submitter', body: ITEM },
      {
        path: `/api/achievements/${itemId}/events`,
        who: 'submitter',
        body: { type: 'WITHDRAW', expectedVersion: 1, comment: '撤回理由' },
      },
      {
        path: '/api/organizations',
        who: 'admin',
        body: { name: '某某大学', type: 'university', city: '杭州' },
      },
      {
        path: '/api/users',
        who: 'secadmin',
        body: {
          username: 'fuzzed',
          password: PASSWORD,
          displayName: '张三',
          organizationId: unitId,
          roles: ['submitter'],
        },
      },
    ];
    const failures: string[] = [];
    for (const { path, who, body } of bodies) {
      for (const leaf of stringLeaves(body)) {
        for (const ch of HOSTILE) {
          const sent = withLeaf(body, leaf, (s) => `${s}${ch}x`);
          const res = await api.call('POST', path, who, sent);
          const errors = (res.body?.errors ?? {}) as Record<string, unknown>;
          // A password is never displayed: bidi characters are allowed there, controls are not.
          const refused = !/password$/i.test(leaf) || CONTROLS.includes(ch);
          if (res.status >= 500 || (refused && (res.status !== 400 || !errors[leaf]))) {
            failures.push(
              `${path} ${leaf} (${NAMES[ch]}): ${res.status} ${JSON.stringify(res.body)}`,
            );
          }
        }
      }
      // A key with a control character is refused too.
      const keyed = { ...(body as object), ['bad\u0000key']: 'x' };
      const res = await api.call('POST', path, who, keyed);
      if (res.status !== 400) failures.push(`${path} key with NUL: ${res.status}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('refuses 5000-deep JSON with a 400 and a message, anonymous login included', async () => {
    const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const [path, who] of [
      ['/api/auth/login', null],
      ['/api/achievements', 'submitter'],
      [`/api/achievements/${itemId}/events`, 'submitter'],
    ] as const) {
      for (const body of [deepObject, deepArray]) {
        const res = await fetch(`${server.base}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(who ? { authorization: `Bearer ${api.tokens[who]}` } : {}),
          },
          body,
        });
        const answer = (await res.json()) as { errors?: Record<string, string[]> };
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(answer.errors?.body?.[0]).toContain('嵌套层次过深');
      }
    }
  });

  it('writes no forged line into the server log', async () => {
    for (const query of [
      'city=x%0AFAKE-LOG%00',
      'q=x%0D%0AFAKE-LOG%00',
      'city=x%E2%80%A8FAKE-LOG%00',
    ]) {
      const res = await get(`/api/public/achievements?${query}`, null);
      expect(res.status).toBe(400);
    }
    await get('/public?q=x%0AFAKE-LOG%00', null);
    await api.call('POST', '/api/auth/login', null, { username: 'x\nFAKE-LOG', password: 'x' });
    const lines = logLines(server);
    expect(lines.filter((l) => l.startsWith('FAKE-LOG'))).toEqual([]);
    expect(server.output()).not.toContain('\u0000');
  });

  it('answers the items CSV export with a 400, not a cut-off 200', async () => {
    for (const field of ['city', 'domain']) {
      const res = await get(`/api/exports/items?format=csv&${field}=a%00b`, 'office');
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.text).toContain(`"${field}"`);
    }
  });

  it('marks every authenticated API answer no-store, and leaves the public API cacheable', async () => {
    for (const path of [
      '/api/achievements',
      `/api/achievements/${itemId}`,
      '/api/users',
      '/api/organizations',
    ]) {
      const res = await get(path, 'admin');
      expect({ path, cache: res.headers.get('cache-control') }).toEqual({
        path,
        cache: expect.stringContaining('no-store') as unknown,
      });
    }
    const anonymous = await get('/api/achievements', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toContain('no-store');
    const open = await get('/api/public/achievements', null);
    expect(open.status).toBe(200);
    expect(open.headers.get('cache-control') ?? '').not.toContain('no-store');
  });

  it('keeps DATA_DIR 0700 and the database, the JWT secret and uploads 0600, whatever the umask', async () => {
    const form = new FormData();
    form.append('kind', 'paper');
    form.append('file', new Blob([pdf()], { type: 'application/pdf' }), 'paper.pdf');
    const upload = await fetch(`${server.base}/api/achievements/${itemId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.submitter}` },
      body: form,
    });
    expect(upload.status).toBe(201);
    const { dirs, files } = modesUnder(dataDir);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        join(dataDir, 'jwt-secret'),
        ...(db === 'sqlite' ? [join(dataDir, 'chengguo.sqlite')] : []),
      ]),
    );
    expect(Object.keys(files).some((f) => f.includes(`${join(dataDir, 'files')}/`))).toBe(true);
    expect(Object.entries(dirs).filter(([, mode]) => mode !== '700')).toEqual([]);
    expect(Object.entries(files).filter(([, mode]) => mode !== '600')).toEqual([]);
  });
});

/** Everyone whose role may open some route: the three administrators and the workflow roles. */
const CAST = ['admin', 'secadmin', 'auditadmin', 'office', 'recommender', 'submitter'];

describe('the public platform’s rate limit, built server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-limit-'));
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ADMIN_PASSWORD: PASSWORD,
      SECURITY_ADMIN_PASSWORD: PASSWORD,
      SCHEDULER: 'off',
      PUBLIC_RATE_LIMIT: '5',
    });
  }, 60_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 429 with a Chinese message past PUBLIC_RATE_LIMIT a minute, API and pages', async () => {
    for (const path of ['/api/public/achievements', '/public', '/api/public/editions']) {
      const statuses: number[] = [];
      let last = '';
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${server.base}${path}`);
        statuses.push(res.status);
        last = await res.text();
      }
      expect({ path, statuses }).toEqual({ path, statuses: [200, 200, 200, 200, 200, 429] });
      expect(last).toContain('请求过于频繁,请稍后再试');
    }
    // Signed-in work is not counted against the public limit.
    const api = new ApiClient(server.base);
    await api.login('admin', 'admin', PASSWORD);
    for (let i = 0; i < 8; i++) {
      expect((await api.call('GET', '/api/achievements', 'admin')).status).toBe(200);
    }
  });
});
