import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer, type ServerProcess } from './support/server-process';

/**
 * Crash safety: the real server (the build, as `npm start` runs it) on SQLite, a steady stream of
 * transitions, SIGKILL at random moments, restart. After every restart each acknowledged
 * transition must be there with its audit row, no half-written transition may exist, the chains
 * must verify, and the server must have come up on its own.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 50);
const PASSWORD = 'Crash-pass-2026!';
const INITIAL_PASSWORD = 'Crash-start-2026!';

/** The next event for an item in each state, cycling for ever between eligibility and returned. */
const NEXT: Record<
  string,
  { type: string; as: 'submitter' | 'recommender' | 'office'; comment?: string }
> = {
  draft: { type: 'SUBMIT', as: 'submitter' },
  recommendation: { type: 'RECOMMEND', as: 'recommender' },
  submitted: { type: 'BATCH_CLOSE', as: 'office' },
  eligibilityCheck: { type: 'RETURN_FOR_AMENDMENT', as: 'office', comment: '请补充产业化证明' },
  returned: { type: 'RESUBMIT', as: 'submitter' },
};

describe('crash safety (SIGKILL the real server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-crash-'));
  let port: number;
  let base: string;
  let server: ServerProcess | null = null;
  const tokens: Record<string, string> = {};
  /** Every acknowledged transition: item id → versions the server answered 200 with. */
  const acked = new Map<string, Set<number>>();
  const items: string[] = [];

  async function start(): Promise<void> {
    server = await startServer(
      {
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: PASSWORD,
        SECURITY_ADMIN_PASSWORD: PASSWORD,
        SCHEDULER: 'off',
        LOGIN_RATE_LIMIT: '1000',
        DATABASE_URL: '',
      },
      { port },
    );
  }

  async function kill(): Promise<void> {
    await server?.kill();
    server = null;
  }

  async function api(method: string, path: string, who: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown>,
    };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await start();
    tokens.admin = await login('admin', PASSWORD);
    tokens.secadmin = await login('secadmin', PASSWORD);
    const bureau = await api('POST', '/api/organizations', 'admin', {
      name: '杭州市科学技术局',
      type: 'cityBureau',
      city: '杭州',
    });
    const unit = await api('POST', '/api/organizations', 'admin', {
      name: '某某科技有限公司',
      type: 'enterprise',
      city: '杭州',
      reportsThroughId: bureau.body.id,
    });
    const orgs = (await api('GET', '/api/organizations', 'admin')).body as unknown as {
      id: string;
      type: string;
    }[];
    const province = orgs.find((o) => o.type === 'provincialDepartment')!;
    for (const [who, org, role] of [
      ['submitter', unit.body.id, 'submitter'],
      ['recommender', bureau.body.id, 'recommender'],
      ['office', province.id, 'officeStaff'],
    ] as const) {
      const created = await api('POST', '/api/users', 'secadmin', {
        username: who,
        password: INITIAL_PASSWORD,
        displayName: who,
        organizationId: org,
        roles: [role],
      });
      expect(created.status).toBe(201);
      // A new user replaces the admin's password with their own at the first login.
      tokens[who] = await login(who, INITIAL_PASSWORD);
      const changed = await api('POST', '/api/auth/password', who, {
        currentPassword: INITIAL_PASSWORD,
        newPassword: PASSWORD,
      });
      expect(changed.status).toBe(204);
      tokens[who] = await login(who, PASSWORD);
    }
  }, 120_000);

  afterAll(async () => {
    await kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One worker: create items now and then, otherwise move a random item one step. */
  async function drive(until: { stop: boolean }): Promise<void> {
    while (!until.stop) {
      try {
        if (items.length < 8 || Math.random() < 0.1) {
          const res = await api('POST', '/api/achievements', 'submitter', {
            title: '高性能碳化硅功率芯片',
            summary: '突破碳化硅MOSFET关键工艺。',
            category: 'techBreakthrough',
            domain: 'integratedCircuits',
            levelClaim: 'domesticLeading',
            completingUnits: [{ name: '某某科技有限公司' }],
            completers: [{ name: '李四', unit: '某某科技有限公司' }],
            ip: { owner: '某某科技有限公司', patents: [], noDispute: true },
            evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产' },
          });
          if (res.status === 201) {
            const id = String(res.body.id);
            items.push(id);
            acked.set(id, new Set([1]));
          }
          continue;
        }
        const id = items[Math.floor(Math.random() * items.length)];
        const current = await api('GET', `/api/achievements/${id}`, 'office');
        if (current.status !== 200) continue;
        const next = NEXT[String(current.body.state)];
        const res = await api('POST', `/api/achievements/${id}/events`, next.as, {
          type: next.type,
          expectedVersion: current.body.version,
          comment: next.comment,
        });
        if (res.status === 200) acked.get(id)!.add(Number(res.body.version));
      } catch {
        // the server died under us: that request was never acknowledged
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  async function checkEverything(): Promise<void> {
    const verify = await api('GET', '/api/audit/verify', 'office');
    expect(verify.body).toMatchObject({ ok: true });
    // Every audit row, paged, grouped by item.
    const seqs = new Map<string, Set<number>>();
    let cursor: string | null = null;
    do {
      const page = await api(
        'GET',
        `/api/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        'office',
      );
      for (const row of page.body.items as { instanceId: string; seq: number }[]) {
        if (!seqs.has(row.instanceId)) seqs.set(row.instanceId, new Set());
        seqs.get(row.instanceId)!.add(row.seq);
      }
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    for (const [id, versions] of acked) {
      for (const v of versions) {
        if (!seqs.get(id)?.has(v)) throw new Error(`acknowledged version ${v} of ${id} is lost`);
      }
    }
    // No half-written transition: each item's version is exactly its last audit row.
    let page: string | null = '';
    while (page !== null) {
      const list = await api(
        'GET',
        `/api/achievements?limit=100${page ? `&cursor=${page}` : ''}`,
        'office',
      );
      for (const item of list.body.items as { id: string; version: number }[]) {
        expect(item.version).toBe(Math.max(...seqs.get(item.id)!));
      }
      page = list.body.nextCursor as string | null;
    }
  }

  it(`keeps every acknowledged transition across ${KILLS} SIGKILLs`, async () => {
    let transitions = 0;
    for (let round = 1; round <= KILLS; round++) {
      const until = { stop: false };
      const workers = [drive(until), drive(until), drive(until)];
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
      await kill();
      until.stop = true;
      await Promise.all(workers);
      await start(); // comes up by itself on the same data, no manual step
      await checkEverything();
      transitions = [...acked.values()].reduce((n, s) => n + s.size, 0);
    }
    // The stream really flowed: transitions were acknowledged between the kills.
    expect(transitions).toBeGreaterThan(KILLS * 2);
  }, 900_000);
});
