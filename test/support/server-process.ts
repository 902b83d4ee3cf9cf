import { request } from 'node:http';

/** The built server as a child process: one module shared with the simulated year. */
export {
  freePort,
  ROOT,
  startServer,
  type ServerProcess,
} from '../../scripts/support/server-process';

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

  /** A new user's first login: replaces the admin's password with their own, then logs in. */
  async firstLogin(who: string, username: string, initial: string, own: string): Promise<void> {
    await this.login(who, username, initial);
    const changed = await this.call('POST', '/api/auth/password', who, {
      currentPassword: initial,
      newPassword: own,
    });
    if (changed.status !== 204) throw new Error(`password ${username}: ${changed.status}`);
    await this.login(who, username, own);
  }

  async login(who: string, username: string, password: string): Promise<void> {
    const res = await this.call('POST', '/api/auth/login', null, { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    this.tokens[who] = String(res.body.accessToken);
  }
}

/** The password the admin gives a new user, replaced at the first login. */
export const INITIAL_PASSWORD = 'Start-Heron-2026!';

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
 * created through the admin API (users by the security administrator); logs them all in.
 */
export async function seedCast(api: ApiClient, password: string): Promise<void> {
  // Accounts are the security administrator's; the server runs with SECURITY_ADMIN_PASSWORD.
  await api.login('secadmin', 'secadmin', password);
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
    const created = await api.call('POST', '/api/users', 'secadmin', {
      username: who,
      password: INITIAL_PASSWORD,
      displayName: who,
      organizationId: org,
      roles: [role],
    });
    if (created.status !== 201) throw new Error(`create ${who}: ${JSON.stringify(created.body)}`);
    await api.firstLogin(who, who, INITIAL_PASSWORD, password);
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
