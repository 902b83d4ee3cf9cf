import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import { startServer, type ServerProcess } from './support/server-process';

/**
 * Finding 10 of #17 against the built server (`node dist/src/main.js`): two instances starting
 * together on one fresh database could crash one of them (the loser of the administrators'
 * bootstrap threw 用户名已被使用). Here 4 built instances start at the same moment on one fresh
 * PostgreSQL database (the multi-instance database; SQLite is single-instance by design), with
 * the scheduler on, 20 times over: every one must come up and answer /api/health, and the
 * migrations, the provincial department and each of the three administrators must exist once.
 * The instances share the JWT secret and audit key, as a real deployment's do.
 */
const INSTANCES = 4;
const ROUNDS = Number(process.env.STARTUP_RACE_ROUNDS ?? 20);
const PASSWORD = 'Startup-race-2026!';

describe('start-up under a race on the built server (#17: 10)', () => {
  const dirs = Array.from({ length: INSTANCES }, (_, i) =>
    mkdtempSync(join(tmpdir(), `chengguo-race-${i}-`)),
  );
  let pg: { url: string; drop: () => Promise<void> };
  let db: Client;

  beforeAll(async () => {
    pg = await createScratchPostgres();
    db = new Client({ connectionString: pg.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await pg?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const rows = async <T extends object>(sql: string) => (await db.query<T>(sql)).rows;

  it(`starts ${INSTANCES} instances at once on one fresh database, ${ROUNDS} times; each start-up step done once`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      // A fresh database each round: what the previous round created goes, DATA_DIRs too.
      await db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      for (const d of dirs) {
        rmSync(d, { recursive: true, force: true });
      }
      const started = await Promise.allSettled(
        dirs.map((dataDir) =>
          startServer(
            {
              DATA_DIR: dataDir,
              DATABASE_URL: pg.url,
              JWT_SECRET: 'startup-race-jwt-secret-of-at-least-32-chars',
              AUDIT_KEYS: `k1:${'3c'.repeat(32)}`,
              ADMIN_PASSWORD: PASSWORD,
              SECURITY_ADMIN_PASSWORD: PASSWORD,
              AUDIT_ADMIN_PASSWORD: PASSWORD,
              SCHEDULER: 'on',
            },
            { timeoutMs: 120_000 },
          ),
        ),
      );
      const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        expect({
          round,
          failures: started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : [])),
        }).toEqual({ round, failures: [] });
        // startServer waited for each one's /api/health; they still answer once all are up.
        const health = await Promise.all(
          servers.map(async (s: ServerProcess) => (await fetch(`${s.base}/api/health`)).status),
        );
        expect({ round, health }).toEqual({ round, health: [200, 200, 200, 200] });

        const migrations = await rows<{ name: string }>(
          'select name from schema_migration order by id',
        );
        expect({ round, migrations: migrations.map((m) => m.name) }).toEqual({
          round,
          migrations: MIGRATIONS.map((m) => m.name),
        });
        const users = await rows<{ username: string; n: string }>(
          'select username, count(*) as n from app_user group by username order by username',
        );
        expect({ round, users: users.map((u) => [u.username, Number(u.n)]) }).toEqual({
          round,
          users: [
            ['admin', 1],
            ['auditadmin', 1],
            ['secadmin', 1],
          ],
        });
        const departments = await rows<{ n: string }>(
          "select count(*) as n from organization where type = 'provincialDepartment'",
        );
        expect({ round, departments: Number(departments[0].n) }).toEqual({
          round,
          departments: 1,
        });
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
  }, 900_000);
});
