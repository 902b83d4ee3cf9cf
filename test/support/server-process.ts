import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The built server (dist/, as `npm start` runs it) as a child process, for crash-tier tests. */
export const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: { ...process.env, LOGIN_RATE_LIMIT: '100000', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited on start:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server did not come up within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base, output: () => out, exited };
}

export class ApiClient {
  readonly tokens: Record<string, string> = {};
  constructor(public base: string) {}

  async call(method: string, path: string, who: string | null, body?: unknown) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(who ? { authorization: `Bearer ${this.tokens[who]}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown> & unknown[],
    };
  }

  async login(who: string, username: string, password: string): Promise<void> {
    const res = await this.call('POST', '/api/auth/login', null, { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    this.tokens[who] = String(res.body.accessToken);
  }
}

export const ITEM = {
  title: '高性能碳化硅功率芯片',
  summary: '突破碳化硅MOSFET关键工艺。',
  category: 'techBreakthrough',
  domain: 'integratedCircuits',
  levelClaim: 'domesticLeading',
  completingUnits: [{ name: '某某科技有限公司' }],
  completers: [{ name: '李四', unit: '某某科技有限公司' }],
  ip: { owner: '某某科技有限公司', patents: [], noDispute: true },
  evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产' },
};

/**
 * A city bureau, an enterprise reporting through it and a submitter, recommender and office user,
 * created through the admin API; logs them all in on the client.
 */
export async function seedCast(api: ApiClient, password: string): Promise<void> {
  const bureau = await api.call('POST', '/api/organizations', 'admin', {
    name: '杭州市科学技术局',
    type: 'cityBureau',
    city: '杭州',
  });
  const unit = await api.call('POST', '/api/organizations', 'admin', {
    name: '某某科技有限公司',
    type: 'enterprise',
    city: '杭州',
    reportsThroughId: bureau.body.id,
  });
  const orgs = (await api.call('GET', '/api/organizations', 'admin')).body as unknown as {
    id: string;
    type: string;
  }[];
  const province = orgs.find((o) => o.type === 'provincialDepartment')!;
  for (const [who, org, role] of [
    ['submitter', unit.body.id, 'submitter'],
    ['recommender', bureau.body.id, 'recommender'],
    ['office', province.id, 'officeStaff'],
  ] as const) {
    const created = await api.call('POST', '/api/users', 'admin', {
      username: who,
      password,
      displayName: who,
      organizationId: org,
      roles: [role],
    });
    if (created.status !== 201) throw new Error(`create ${who}: ${JSON.stringify(created.body)}`);
    await api.login(who, who, password);
  }
}

/** One request on its own connection (no keep-alive reuse), for tests that close the server. */
export function oneShot(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: {
          connection: 'close',
          'content-type': 'application/json',
          ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
