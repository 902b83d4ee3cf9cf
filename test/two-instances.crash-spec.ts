import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import {
  ApiClient,
  ITEM,
  oneShot,
  seedCast,
  startServer,
  type ServerProcess,
} from './support/server-process';

/**
 * Two built servers share one PostgreSQL database, both with the scheduler on and a simulated
 * clock, and live through November together, day by day. One is SIGKILLed in the middle of a
 * day on which a reminder falls due; the other carries on alone. Every effect of the month's
 * cycle must have happened exactly once: the timers fired once each, one reminder per pending
 * body and reminder day, one overdue notice, one close per item with one audit row.
 */
const PASSWORD = 'Twin-pass-2026!';
const JWT_SECRET = 'two-instances-shared-secret-0123456789abcdef';

describe('two instances on one PostgreSQL database', () => {
  let pg: { url: string; drop: () => Promise<void> };
  const dirs = [
    mkdtempSync(join(tmpdir(), 'chengguo-a-')),
    mkdtempSync(join(tmpdir(), 'chengguo-b-')),
  ];
  const servers: ServerProcess[] = [];
  let db: Client;

  beforeAll(async () => {
    pg = await createScratchPostgres();
  });
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await db?.end();
    await pg?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0].n);

  it('does each cycle effect exactly once, and hands timers on when an instance dies', async () => {
    const env = (dataDir: string) => ({
      DATA_DIR: dataDir,
      DATABASE_URL: pg.url,
      JWT_SECRET,
      // Instances on one database share the audit key as they share the JWT secret.
      AUDIT_KEYS: `k1:${'5a'.repeat(32)}`,
      ADMIN_PASSWORD: PASSWORD,
      SECURITY_ADMIN_PASSWORD: PASSWORD,
      SCHEDULER: 'on',
      SIMULATED_CLOCK_START: '2026-11-01T08:00:00+08:00',
      // A simulated clock on PostgreSQL takes this second, deliberate flag.
      SIMULATED_CLOCK_ON_POSTGRES: '1',
    });
    // One after the other: the first creates the schema (the second waits on the migration lock).
    servers.push(await startServer(env(dirs[0])));
    servers.push(await startServer(env(dirs[1])));
    const [a, b] = servers;
    db = new Client({ connectionString: pg.url });
    await db.connect();

    const api = new ApiClient(a.base);
    await api.login('admin', 'admin', PASSWORD);
    await seedCast(api, PASSWORD);
    // A second city bureau that never reports: it is reminded and told it is overdue.
    const ningbo = await api.call('POST', '/api/organizations', 'admin', {
      name: '宁波市科学技术局',
      type: 'cityBureau',
      city: '宁波',
    });
    const user = await api.call('POST', '/api/users', 'secadmin', {
      username: 'nb-recommender',
      password: PASSWORD,
      displayName: '宁波推荐人',
      organizationId: ningbo.body.id,
      roles: ['recommender'],
    });
    expect(user.status).toBe(201);

    // Three items recommended through instance B (the token works on both: one secret).
    const onB = new ApiClient(b.base);
    Object.assign(onB.tokens, api.tokens);
    const items: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await onB.call('POST', '/api/achievements', 'submitter', ITEM);
      const id = String(created.body.id);
      expect(
        (await onB.call('POST', `/api/achievements/${id}/events`, 'submitter', { type: 'SUBMIT' }))
          .status,
      ).toBe(200);
      expect(
        (
          await onB.call('POST', `/api/achievements/${id}/events`, 'recommender', {
            type: 'RECOMMEND',
          })
        ).status,
      ).toBe(200);
      items.push(id);
    }

    const advance = (s: ServerProcess, token: string) =>
      oneShot(s.base, 'POST', '/api/admin/clock', token, { advanceDays: 1 });
    // Nov 1 → Nov 9 on both, side by side.
    for (let day = 2; day <= 9; day++) {
      const [ra, rb] = await Promise.all([
        advance(a, api.tokens.admin),
        advance(b, api.tokens.admin),
      ]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
    }
    // Nov 10, the day the 1-day reminder falls due, on A alone: A is SIGKILLed the moment it
    // holds the reminder's lease (watched in the database), or as soon after as we see it.
    const watcher = new Client({ connectionString: pg.url });
    await watcher.connect();
    let answered = false;
    const dying = advance(a, api.tokens.admin)
      .catch(() => null)
      .then(() => (answered = true));
    let caughtHolding = false;
    while (!answered) {
      const running = await watcher.query(
        `select 1 from scheduled_timer where status = 'running' and key = '2026-11:1d'`,
      );
      if (running.rowCount) {
        caughtHolding = true;
        break;
      }
    }
    a.child.kill('SIGKILL');
    await a.exited;
    await dying;
    await watcher.end();
    // B lives on. A real instance ticks every minute, so B first steps just past the end of a
    // lease A may have held (5 minutes), as its own clock would, then day by day to the month's end.
    expect(
      (
        await oneShot(b.base, 'POST', '/api/admin/clock', api.tokens.admin, {
          to: '2026-11-10T08:10:00+08:00',
        })
      ).status,
    ).toBe(200);
    for (let day = 11; day <= 30; day++) {
      expect((await advance(b, api.tokens.admin)).status).toBe(200);
    }
    const reminder = (
      await db.query<{ attempts: number; locked_by: string | null; status: string }>(
        `select attempts, locked_by, status from scheduled_timer where key = '2026-11:1d'`,
      )
    ).rows[0];
    // Killed holding the lease: B claimed it a second time after the lease ran out.
    expect(reminder.status).toBe('done');
    expect(reminder.attempts).toBe(caughtHolding ? 2 : 1);
    console.log(
      `two-instances: instance A killed ${caughtHolding ? 'holding' : 'after'} the lease`,
    );

    const period = '2026-11';
    // Every timer of November fired, exactly once, and none is left running.
    const timers = (
      await db.query<{
        kind: string;
        key: string;
        status: string;
        attempts: number;
        fired_at: Date;
      }>(
        `select kind, key, status, attempts, fired_at from scheduled_timer where key like $1 order by key`,
        [`${period}%`],
      )
    ).rows;
    expect(timers.map((t) => [t.kind, t.key, t.status])).toEqual([
      ['collection.close', period, 'done'],
      ['collection.reminder', `${period}:1d`, 'done'],
      ['collection.reminder', `${period}:5d`, 'done'],
    ]);
    for (const t of timers) expect(t.fired_at).not.toBeNull();
    // The daily audit checkpoint: one timer per day, each fired by one of the two, none left over.
    const checkpoints = (
      await db.query<{ status: string; n: string }>(
        `select status, count(*) as n from scheduled_timer where kind = 'audit.checkpoint' and key like 'audit:2026-11-%' group by status`,
      )
    ).rows;
    expect(checkpoints.filter((c) => c.status !== 'done' && c.status !== 'pending')).toEqual([]);
    expect(Number(checkpoints.find((c) => c.status === 'done')?.n)).toBeGreaterThanOrEqual(28);

    // One reminder per pending body and reminder day, one overdue notice, one summary.
    const nb = String(ningbo.body.id);
    const notes = (
      await db.query<{ dedupe_key: string; n: string }>(
        `select dedupe_key, count(*) as n from notification where dedupe_key like any($1)
         group by dedupe_key order by dedupe_key`,
        [[`reminder:${period}:%`, `overdue:${period}:%`]],
      )
    ).rows.map((r) => [r.dedupe_key, Number(r.n)]);
    expect(notes).toEqual([
      [`overdue:${period}:${nb}`, 1],
      [`reminder:${period}:${nb}:1d`, 1],
      [`reminder:${period}:${nb}:5d`, 1],
    ]);
    expect(
      await count(`select count(*) as n from notification where dedupe_key = $1`, [
        `summary:${period}`,
      ]),
    ).toBeGreaterThanOrEqual(1);
    const summaryRecipients = await count(
      `select count(distinct recipient_id) as n from notification where dedupe_key = $1`,
      [`summary:${period}`],
    );
    expect(
      await count(`select count(*) as n from notification where dedupe_key = $1`, [
        `summary:${period}`,
      ]),
    ).toBe(summaryRecipients);

    // Each item closed once: in eligibility check, with exactly one BATCH_CLOSE audit row.
    for (const id of items) {
      expect(
        await count(
          `select count(*) as n from audit_event where instance_id = $1 and event_type = 'BATCH_CLOSE'`,
          [id],
        ),
      ).toBe(1);
      expect(
        (
          await db.query<{ state: string }>('select state from workflow_instance where id = $1', [
            id,
          ])
        ).rows[0].state,
      ).toBe('eligibilityCheck');
    }
    const verify = await onB.call('GET', '/api/audit/verify', 'office');
    expect(verify.body).toMatchObject({ ok: true });
    expect(b.output()).not.toMatch(/任务执行失败|ERROR/);
  }, 300_000);
});
