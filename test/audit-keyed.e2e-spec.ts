import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_GUARD_SQL } from '../migrations/audit-guard.sql';
import { auditHash, type AuditContent } from '../src/workflow/audit-hash';
import { AuditCheckpointService } from '../src/workflow/audit-checkpoint.service';
import { AuditKeyring } from '../src/workflow/audit-keyring';
import type { BrokenLink, VerifyResult } from '../src/workflow/audit-verifier';
import { consoleSignIn } from './support/console-session';
import { ItemDriver, buildWorld, scoreSheet, type World } from './support/world';
import { TEST_DB, createTestApp, type TestApp } from './support/test-app';

interface AuditRow extends AuditContent {
  id: string;
  hash: string;
}

const START = new Date('2026-11-05T02:00:00Z');
const TAMPERED = '记录内容与哈希不符(可能被篡改)';

/** What a person with write access to the database can do, given the app and the database. */
function dba(t: TestApp) {
  const raw = (query: string, params: unknown[] = []) =>
    t.orm.em.getConnection().execute(query, params);
  return {
    raw,
    /** Drops the append-only triggers for good, as an attacker would. */
    async dropGuard() {
      for (const statement of AUDIT_GUARD_SQL[TEST_DB].drop) await raw(statement);
    },
    async rows(instanceId: string): Promise<{ id: string; key_id: string | null }[]> {
      return (await raw('select id, key_id from audit_event where instance_id = ? order by seq', [
        instanceId,
      ])) as { id: string; key_id: string | null }[];
    },
    /**
     * Rewrites rows `fromSeq`.. of a chain with the documented public algorithm (SHA-256 over the
     * canonical JSON), `change` applied to the first, every later hash recomputed so each row links
     * to the forged one before it. `legacy` also clears the key id, so the rows pass for old ones.
     */
    async rewrite(
      history: AuditRow[],
      fromSeq: number,
      change: (row: AuditRow) => AuditRow,
      legacy: boolean,
    ) {
      let prev = history[fromSeq - 2]?.hash ?? null;
      for (const original of history.slice(fromSeq - 1)) {
        const row = original.seq === fromSeq ? change(original) : original;
        const content: AuditContent = {
          instanceId: row.instanceId,
          seq: row.seq,
          eventType: row.eventType,
          fromState: row.fromState,
          toState: row.toState,
          actorId: row.actorId,
          actorRole: row.actorRole,
          at: row.at,
          comment: row.comment,
          payload: row.payload,
          prevHash: prev,
        };
        const hash = auditHash(content);
        await raw(
          `update audit_event set payload = ${TEST_DB === 'postgres' ? '?::jsonb' : '?'}, prev_hash = ?, hash = ?${legacy ? ', key_id = null, hash_alg = null' : ''} where id = ?`,
          [JSON.stringify(row.payload), prev, hash, row.id],
        );
        prev = hash;
      }
    },
  };
}

describe('the keyed, anchored audit trail (#17, finding 3)', () => {
  describe('with HMAC-SHA256', () => {
    let t: TestApp;
    let w: World;
    beforeAll(async () => {
      t = await createTestApp({ now: START });
      w = await buildWorld(t);
    });
    afterAll(() => t.close());

    const history = async (id: string) =>
      (await t.http().get(`/api/achievements/${id}/history`).set(w.office.auth).expect(200))
        .body as AuditRow[];
    const verify = async (): Promise<VerifyResult> =>
      (await t.http().get('/api/audit/verify').set(w.office.auth).expect(200)).body;
    const brokenOf = (result: VerifyResult, id: string): BrokenLink[] =>
      result.broken.filter((b) => b.instanceId === id);

    it('seals every row with an HMAC under a key kept in DATA_DIR/audit-keys (0600), not in the database', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const rows = await dba(t).rows(item.id);
      const [keyId] = readdirSync(join(t.config.dataDir, 'audit-keys')).map((f) => f.slice(0, -4));
      expect(keyId).toMatch(/^k1-[0-9a-f]{8}$/);
      expect(rows.map((r) => r.key_id)).toEqual(rows.map(() => keyId));
      const keyFile = join(t.config.dataDir, 'audit-keys', `${keyId}.key`);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(statSync(join(t.config.dataDir, 'audit-keys')).mode & 0o777).toBe(0o700);
      const key = readFileSync(keyFile, 'utf8').trim();
      const dump = JSON.stringify(await dba(t).raw('select * from audit_event'));
      expect(dump).not.toContain(key);
      const result = await verify();
      expect(result).toMatchObject({ ok: true, broken: [], checkpoint: null });
      expect(result.replayed).toBeGreaterThan(0);
    });

    it('detects the rewrite attack: trigger dropped, a SUBMIT_SCORE changed, every later hash recomputed', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      await item.score([90, 88, 85, 80, 92]);
      const rows = await history(item.id);
      expect(rows[5]).toMatchObject({ seq: 6, eventType: 'SUBMIT_SCORE' });
      expect((await verify()).ok).toBe(true);
      const attacker = dba(t);
      await attacker.dropGuard();
      await attacker.rewrite(
        rows,
        6,
        (row) => ({ ...row, payload: { scores: scoreSheet(40) } }),
        false,
      );
      const result = await verify();
      expect(result.ok).toBe(false);
      // Every rewritten row is listed, not only the first, and the replay disagrees with the store.
      const broken = brokenOf(result, item.id);
      expect(broken.filter((b) => b.reason === TAMPERED).map((b) => b.seq)).toEqual([
        6, 7, 8, 9, 10,
      ]);
      expect(broken.map((b) => b.reason)).toContain('存储的流程数据与审计链重放结果不一致');
      expect(result.firstBroken).toEqual(result.broken[0]);

      // The console's 审计查询 page lists every broken row, in Chinese, with no event code.
      const office = await consoleSignIn(t, 'office');
      const page = await t.http().get('/audit?verify=1').set('Cookie', office.cookie).expect(200);
      const section = /<section[^>]*id="chain-check"[\s\S]*?<\/section>/.exec(page.text)![0];
      expect(section).toContain('未通过');
      for (const seq of [6, 7, 8, 9, 10]) {
        expect(section).toContain(`实例 ${item.id} 第 ${seq} 条:${TAMPERED}`);
      }
      expect(section).toContain('存储的流程数据与审计链重放结果不一致');
      expect(section).not.toMatch(/SUBMIT_SCORE|expertScoring/);

      // Passing the forged rows off as legacy (key id cleared) does not help either.
      await attacker.rewrite(
        rows,
        6,
        (row) => ({ ...row, payload: { scores: scoreSheet(40) } }),
        true,
      );
      const again = brokenOf(await verify(), item.id);
      expect(again.filter((b) => /无密钥/.test(b.reason)).map((b) => b.seq)).toEqual([
        6, 7, 8, 9, 10,
      ]);
    });

    it('detects a stored state that disagrees with what the trail says', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      await dba(t).raw('update workflow_instance set state = ? where id = ?', [
        'published',
        item.id,
      ]);
      const broken = brokenOf(await verify(), item.id);
      expect(broken).toEqual([
        expect.objectContaining({ reason: '存储的状态与审计链重放结果不一致' }),
      ]);
      await dba(t).raw('update workflow_instance set state = ? where id = ?', [
        'eligibilityCheck',
        item.id,
      ]);
      expect(brokenOf(await verify(), item.id)).toEqual([]);
    });

    it('detects a deleted last row by the signed checkpoint outside the database', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const checkpoints = t.app.get(AuditCheckpointService);
      const { file, checkpoint } = await checkpoints.write(t.clock.now());
      expect(file).toBe(join(t.config.dataDir, 'audit-checkpoints', `${checkpoint.day}.json`));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const before = await verify();
      expect(before.checkpoint).toMatchObject({ day: checkpoint.day, ok: true });
      expect(brokenOf(before, item.id)).toEqual([]);
      // The office can download it, signed, to archive or publish.
      const download = await t
        .http()
        .get('/api/audit/checkpoints/latest')
        .set(w.office.auth)
        .expect(200);
      expect(download.headers['x-checkpoint-fingerprint']).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(download.text)).toEqual(checkpoint);
      const office = await consoleSignIn(t, 'office');
      const audit = await t.http().get('/audit').set('Cookie', office.cookie).expect(200);
      expect(audit.text).toContain('href="/audit/checkpoint"');
      const saved = await t
        .http()
        .get('/audit/checkpoint')
        .set('Cookie', office.cookie)
        .expect(200);
      expect(saved.headers['content-disposition']).toContain(
        `audit-checkpoint-${checkpoint.day}.json`,
      );
      expect(JSON.parse(saved.text)).toEqual(checkpoint);

      // Delete the last row and wind the instance back to match: only the checkpoint can tell.
      const last = (await dba(t).rows(item.id)).length;
      await dba(t).dropGuard();
      await dba(t).raw('delete from audit_event where instance_id = ? and seq = ?', [
        item.id,
        last,
      ]);
      await dba(t).raw(
        'update workflow_instance set version = version - 1, state = ? where id = ?',
        ['submitted', item.id],
      );
      const result = await verify();
      expect(brokenOf(result, item.id).map((b) => b.reason)).toContain(
        `检查点记录这条链有 ${last} 条,现只有 ${last - 1} 条(末尾的记录被删除)`,
      );
      expect(result.checkpoint).toMatchObject({ ok: false });

      // A forged checkpoint file is refused: its signature needs the key.
      const forged = {
        ...checkpoint,
        stores: { ...checkpoint.stores, audit: { ...checkpoint.stores.audit, heads: [] } },
      };
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, JSON.stringify(forged));
      expect((await verify()).broken).toContainEqual(
        expect.objectContaining({ store: 'checkpoint', reason: expect.stringMatching(/签名无效/) }),
      );
    });
  });

  describe('key rotation, legacy rows and SM3', () => {
    it('verifies legacy rows, rows of an older key and rows of the newest one together', async () => {
      const t = await createTestApp({ now: START });
      try {
        const w = await buildWorld(t);
        const old = await ItemDriver.create(t, w);
        await old.toEligibility();
        const db = dba(t);
        // An old database: every row so far is a legacy SHA-256 row without a key id.
        await db.dropGuard();
        const all = (await db.raw('select distinct instance_id from audit_event')) as {
          instance_id: string;
        }[];
        for (const { instance_id } of all) {
          const rows = (
            (await t.http().get('/api/audit?limit=500').set(w.office.auth).expect(200)).body
              .items as AuditRow[]
          ).filter((r) => r.instanceId === instance_id);
          await db.rewrite(rows, 1, (row) => row, true);
        }
        for (const statement of AUDIT_GUARD_SQL[TEST_DB].create) await db.raw(statement);
        const verify = async (): Promise<VerifyResult> =>
          (await t.http().get('/api/audit/verify').set(w.office.auth).expect(200)).body;
        expect((await db.rows(old.id)).map((r) => r.key_id)).toEqual([null, null, null, null]);
        expect(await verify()).toMatchObject({ ok: true });

        const keyring = t.app.get(AuditKeyring);
        const item = await ItemDriver.create(t, w);
        await item.ok(w.submitter, 'SUBMIT');
        const first = keyring.current().id;
        const second = keyring.rotate();
        expect(second).toMatch(/^k2-/);
        await item.ok(w.recommender, 'RECOMMEND');
        expect((await db.rows(item.id)).map((r) => r.key_id)).toEqual([first, first, second]);
        expect(await verify()).toMatchObject({ ok: true, broken: [] });
        // The first checkpoint records where legacy rows end.
        const { checkpoint } = await t.app.get(AuditCheckpointService).write(t.clock.now());
        expect(checkpoint.stores.audit.legacyUpTo).not.toBeNull();
        expect(checkpoint.keyId).toBe(second);
        expect(await verify()).toMatchObject({ ok: true, checkpoint: { ok: true } });
      } finally {
        await t.close();
      }
    });

    it('runs end to end with SM3 (HMAC-SM3 rows and checkpoint) and still detects a rewrite', async () => {
      const t = await createTestApp({ now: START, config: { auditAlgorithm: 'sm3' } });
      try {
        const w = await buildWorld(t);
        const item = await ItemDriver.create(t, w);
        await item.toScoring();
        await item.score([90, 88, 85, 80, 92]);
        const algs = (await dba(t).raw('select distinct hash_alg from audit_event')) as {
          hash_alg: string;
        }[];
        expect(algs.map((a) => a.hash_alg)).toEqual(['hmac-sm3']);
        const { checkpoint } = await t.app.get(AuditCheckpointService).write(t.clock.now());
        expect(checkpoint.alg).toBe('hmac-sm3');
        const verify = async (): Promise<VerifyResult> =>
          (await t.http().get('/api/audit/verify').set(w.office.auth).expect(200)).body;
        expect(await verify()).toMatchObject({ ok: true, checkpoint: { ok: true } });
        const rows = (await t.http().get(`/api/achievements/${item.id}/history`).set(w.office.auth))
          .body as AuditRow[];
        await dba(t).dropGuard();
        await dba(t).rewrite(
          rows,
          10,
          (row) => ({ ...row, payload: { scores: scoreSheet(1) } }),
          false,
        );
        const result = await verify();
        expect(result.broken).toContainEqual(
          expect.objectContaining({ instanceId: item.id, seq: 10, reason: TAMPERED }),
        );
        expect(result.broken).toContainEqual(
          expect.objectContaining({
            instanceId: item.id,
            seq: 10,
            reason: '与检查点记录的哈希不一致(记录在检查点之后被改写)',
          }),
        );
      } finally {
        await t.close();
      }
    });
  });
});
