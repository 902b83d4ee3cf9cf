import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SqliteDriverName } from '../src/config/app-config';
import { LOGINS, api, loginAs, type BenchWorld } from './engine';
import { SCORE_SHEET, STAGES } from './stages';

export interface HttpRunResult {
  connections: number;
  transitions: number;
  errors: number;
  /** Non-2xx answers to event requests by status, and connection errors/timeouts as "error"/"timeout". */
  errorsByStatus: Record<string, number>;
  elapsedMs: number;
  transitionsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  itemsUsed: number;
  poolExhausted: boolean;
}

export interface Server {
  baseUrl: string;
  pid: number;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb: () => number | null;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The built server (dist/src/main.js) in its own process on 127.0.0.1, on the seeded data dir, so
 * the load generator does not share its event loop. The scheduler is off for a steady load.
 */
export async function startServer(
  dataDir: string,
  timeoutMs = 30_000,
  sqliteDriver: SqliteDriverName = 'sqlite',
): Promise<Server> {
  const port = await freePort();
  const main = join(__dirname, '..', 'src', 'main.js');
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      DB_DRIVER: sqliteDriver,
      SCHEDULER: 'off',
      LOGIN_RATE_LIMIT: '1000',
      // The bench measures the workflow and the pages, not the second factor of its office user.
      REQUIRE_TOTP_ROLES: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in ${timeoutMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  return {
    baseUrl,
    pid,
    peakRssMb: () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m ? Math.round(Number(m[1]) / 1024) : null;
      } catch {
        return null;
      }
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export async function loginWorld(baseUrl: string): Promise<BenchWorld> {
  const world = {} as BenchWorld;
  for (const [role, [username, password]] of Object.entries(LOGINS)) {
    world[role as keyof BenchWorld] = await loginAs(baseUrl, username, password);
  }
  return world;
}

interface ConnectionContext {
  item?: string;
}

/**
 * autocannon at `connections` against POST /api/achievements/:id/events. Each connection walks
 * its own item through the six stages (its request list is the six events; autocannon sends a
 * connection's next request only after the previous answer), then takes the next unused item
 * from the pool, so every request is a valid transition. The run ends after `durationSec` or
 * when the pool is used up. Only 2xx answers count as transitions.
 */
export async function httpLoad(
  baseUrl: string,
  world: BenchWorld,
  pool: readonly string[],
  connections: number,
  durationSec: number,
): Promise<HttpRunResult> {
  let next = 0;
  let transitions = 0;
  let errors = 0;
  const errorsByStatus: Record<string, number> = {};
  let exhausted = false;
  let instance: autocannon.Instance | undefined;
  const stopSoon = () => {
    exhausted = true;
    setImmediate(() => instance?.stop());
  };
  const health = (req: autocannon.Request): autocannon.Request => ({
    ...req,
    method: 'GET',
    path: '/api/health',
    headers: {},
    body: undefined,
  });

  const requests: autocannon.Request[] = STAGES.map((stage, s) => ({
    method: 'POST',
    setupRequest: (req: autocannon.Request, context: object) => {
      const ctx = context as ConnectionContext;
      if (s === 0) {
        if (next >= pool.length) {
          stopSoon();
          ctx.item = undefined;
        } else ctx.item = pool[next++];
      }
      if (!ctx.item) return health(req);
      return {
        ...req,
        method: 'POST',
        path: `/api/achievements/${ctx.item}/events`,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${world[stage.by].token}`,
        },
        body: JSON.stringify(
          stage.event === 'SUBMIT_SCORE'
            ? { type: stage.event, data: { scores: SCORE_SHEET } }
            : { type: stage.event },
        ),
      };
    },
    onResponse: (status: number, _body: string, context: object) => {
      if (!(context as ConnectionContext).item) return;
      if (status >= 200 && status < 300) transitions++;
      else {
        errors++;
        errorsByStatus[status] = (errorsByStatus[status] ?? 0) + 1;
      }
    },
  }));

  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      { url: baseUrl, connections, duration: durationSec, requests, timeout: 10 },
      (err: Error | null, res: autocannon.Result) => (err ? reject(err) : resolve(res)),
    );
    if (exhausted) instance.stop();
  });
  const elapsedMs = performance.now() - started;
  if (result.errors) errorsByStatus.error = result.errors;
  if (result.timeouts) errorsByStatus.timeout = result.timeouts;
  return {
    connections,
    transitions,
    errors: errors + result.errors,
    errorsByStatus,
    elapsedMs,
    transitionsPerSecond: (transitions * 1000) / elapsedMs,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    itemsUsed: Math.min(next, pool.length),
    poolExhausted: exhausted,
  };
}

/** A sanity check after a run: an item the load walked through should be in the library. */
export async function stateOf(baseUrl: string, world: BenchWorld, id: string): Promise<string> {
  const item = await api<{ state: string }>(
    baseUrl,
    'GET',
    `/api/achievements/${id}`,
    undefined,
    world.office.token,
  );
  return item.state;
}
