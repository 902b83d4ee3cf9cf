import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_GUARD_SQL } from '../migrations/audit-guard.sql';
import { auditHash } from '../src/workflow/audit-hash';
import {
  ApiClient,
  ITEM,
  ROOT,
  seedCast,
  startServer,
  type ServerProcess,
} from './support/server-process';

/**
 * #17 finding 3 on the built server: a person with write access to the database drops the guard,
 * rewrites a row's payload and recomputes every later hash with the documented public algorithm.
 * Both the endpoint of the running server and `npm run audit:verify` (the built CLI) name every
 * rewritten row; the server has written its first signed checkpoint outside the database.
 */
const PASSWORD = 'Rewrite-pass-2026!';

describe('the audit rewrite attack against the built server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-rewrite-'));
  const env = {
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: PASSWORD,
    SECURITY_ADMIN_PASSWORD: PASSWORD,
    DATABASE_URL: '',
    SCHEDULER: 'on',
  };
  let server: ServerProcess | null = null;

  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is detected by /api/audit/verify and by the CLI, row by row', async () => {
    server = await startServer(env);
    const api = new ApiClient(server.base);
    await api.login('admin', 'admin', PASSWORD);
    await seedCast(api, PASSWORD);
    const created = await api.call('POST', '/api/achievements', 'submitter', ITEM);
    const id = String(created.body.id);
    await api.call('POST', `/api/achievements/${id}/events`, 'submitter', { type: 'SUBMIT' });
    const recommended = await api.call('POST', `/api/achievements/${id}/events`, 'recommender', {
      type: 'RECOMMEND',
    });
    expect(recommended.status).toBe(200);
    // The start-up run of the scheduler wrote today's checkpoint, outside the database.
    expect(readdirSync(join(dataDir, 'audit-checkpoints'))).toHaveLength(1);
    expect((await api.call('GET', '/api/audit/verify', 'office')).body).toMatchObject({
      ok: true,
    });

    // The attack, on the live database file.
    const db = new Database(join(dataDir, 'chengguo.sqlite'));
    try {
      for (const statement of AUDIT_GUARD_SQL.sqlite.drop) db.exec(statement);
      const rows = db
        .prepare('select * from audit_event where instance_id = ? order by seq')
        .all(id) as Record<string, unknown>[];
      expect(rows).toHaveLength(3);
      let prev = rows[0].hash as string;
      for (const row of rows.slice(1)) {
        const payload = JSON.parse(String(row.payload)) as Record<string, unknown>;
        if (row.seq === 2) payload.forged = true;
        const hash = auditHash({
          instanceId: id,
          seq: Number(row.seq),
          eventType: String(row.event_type),
          fromState: row.from_state as string | null,
          toState: String(row.to_state),
          actorId: String(row.actor_id),
          actorRole: String(row.actor_role),
          at: new Date(Number(row.at)).toISOString(),
          comment: row.comment as string | null,
          payload,
          prevHash: prev,
        });
        db.prepare('update audit_event set payload = ?, prev_hash = ?, hash = ? where id = ?').run(
          JSON.stringify(payload),
          prev,
          hash,
          row.id,
        );
        prev = hash;
      }
    } finally {
      db.close();
    }

    const verify = (await api.call('GET', '/api/audit/verify', 'office')).body as unknown as {
      ok: boolean;
      broken: { instanceId: string; seq: number; reason: string }[];
    };
    expect(verify.ok).toBe(false);
    const forged = verify.broken.filter((b) => b.instanceId === id);
    expect(forged.map((b) => b.seq)).toEqual([2, 3]);

    const cli = join(ROOT, 'dist', 'scripts', 'audit-verify.js');
    expect(existsSync(cli)).toBe(true);
    let code = 0;
    let out = '';
    try {
      out = execFileSync(process.execPath, [cli], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
    } catch (err) {
      const failed = err as { status: number; stdout: string };
      code = failed.status;
      out = failed.stdout;
    }
    expect(code).toBe(1);
    expect(out).toContain(`- 事项 ${id} 第 2 条`);
    expect(out).toContain(`- 事项 ${id} 第 3 条`);
  });
});
