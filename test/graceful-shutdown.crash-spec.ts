import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiClient,
  ITEM,
  oneShot,
  seedCast,
  startServer,
  type ServerProcess,
} from './support/server-process';

/**
 * Graceful shutdown: the built server with the scheduler on, a burst of transitions and logins in
 * flight, then SIGTERM. Every request that reached the server gets its full response, the process
 * exits 0 after stopping the scheduler, and on restart every acknowledged transition is there
 * with its audit row and nothing is half-written.
 */
const PASSWORD = 'Shutdown-pass-2026!';
/** Password checks are deliberately slow (argon2id), which keeps these in flight at the signal. */
const LOGINS = 10;

describe('graceful shutdown (SIGTERM the real server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-shutdown-'));
  const env = {
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: PASSWORD,
    SECURITY_ADMIN_PASSWORD: PASSWORD,
    DATABASE_URL: '',
    SCHEDULER: 'on',
    // A simulated clock a day before a close, so the start-up cycle has real work to do.
    SIMULATED_CLOCK_START: '2026-11-10T12:00:00+08:00',
  };
  let server: ServerProcess | null = null;

  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every in-flight request, stops the scheduler and exits 0', async () => {
    server = await startServer(env);
    const api = new ApiClient(server.base);
    await api.login('admin', 'admin', PASSWORD);
    await seedCast(api, PASSWORD);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await api.call('POST', '/api/achievements', 'submitter', ITEM);
      expect(res.status).toBe(201);
      ids.push(String(res.body.id));
    }

    // The burst: a transition on every item, slow password checks, and a step of the simulated
    // clock (20 days of collection cycles inside one request, so it is surely still running).
    let answeredAfterSigterm = 0;
    let sigtermAt = Number.POSITIVE_INFINITY;
    const timed = <T>(p: Promise<T>) =>
      p.then((r) => {
        if (Date.now() > sigtermAt) answeredAfterSigterm++;
        return r;
      });
    const burst = [
      ...ids.map((id) =>
        oneShot(server!.base, 'POST', `/api/achievements/${id}/events`, api.tokens.submitter, {
          type: 'SUBMIT',
          expectedVersion: 1,
        }),
      ),
      ...Array.from({ length: LOGINS }, () =>
        oneShot(server!.base, 'POST', '/api/auth/login', null, {
          username: 'office',
          password: PASSWORD,
        }),
      ),
      oneShot(server.base, 'POST', '/api/admin/clock', api.tokens.admin, { advanceDays: 20 }),
    ].map(timed);
    // Long enough for every request to have reached the server (a request still on the wire when
    // the listener closes is refused, which a client retries); short enough that most are running.
    await new Promise((r) => setTimeout(r, 400));
    sigtermAt = Date.now();
    server.child.kill('SIGTERM');
    const results = await Promise.all(burst);
    const exit = await server.exited;

    expect(results.map((r) => r.status)).toEqual([
      ...ids.map(() => 200),
      ...Array.from({ length: LOGINS }, () => 200),
      expect.any(Number),
    ]);
    expect([200, 201]).toContain(results[results.length - 1].status);
    for (const r of results.slice(0, ids.length)) expect(r.body.version).toBe(2);
    // The shutdown really waited for requests: some were answered after the signal.
    expect(answeredAfterSigterm).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output()).not.toMatch(/ERROR|任务执行失败|任务出错/);

    // Restart on the same data: everything acknowledged is there, chains verify, no half-writes.
    server = await startServer(env);
    const after = new ApiClient(server.base);
    await after.login('office', 'office', PASSWORD);
    const verify = await after.call('GET', '/api/audit/verify', 'office');
    expect(verify.body).toMatchObject({ ok: true });
    for (const id of ids) {
      const item = await after.call('GET', `/api/achievements/${id}`, 'office');
      expect(item.body).toMatchObject({ state: 'recommendation', version: 2 });
      const history = await after.call('GET', `/api/achievements/${id}/history`, 'office');
      expect((history.body as unknown[]).length).toBe(2);
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
