import { auditHash } from '../src/workflow/audit-hash';
import { ItemDriver, buildWorld, scoreSheet, type Login, type World } from './support/world';
import { AUDIT_GUARD_SQL } from '../migrations/audit-guard.sql';
import { TEST_DB, createTestApp, type TestApp } from './support/test-app';

interface AuditRow {
  id: string;
  instanceId: string;
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorRole: string;
  at: string;
  comment: string | null;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

const START = new Date('2026-11-05T02:00:00Z');
/** A stale event is told which transition overtook it, by whom (「您」 when it was the sender). */
const STALE_BY_SELF = (event: string) =>
  new RegExp(
    `^您已于 \\S+ \\S+ 在其他页面执行了「${event}」,当前状态为「[^」]+」。本页面已过期,请刷新后再操作$`,
  );
const STALE_BY = (who: string, event: string) =>
  new RegExp(
    `^${who}已于 \\S+ \\S+ 执行了「${event}」,当前状态为「[^」]+」。请刷新页面查看后再操作$`,
  );
const TAMPERED = '记录内容与哈希不符(可能被篡改)';

describe('concurrency and the audit trail (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp({ now: START });
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const raw = (query: string, params: unknown[] = []) =>
    t.orm.em.getConnection().execute(query, params);
  /**
   * Runs SQL as a DBA would to tamper with the trail: the database refuses changes to audit rows,
   * so the guard triggers are dropped first and put back afterwards.
   */
  const sql = async (query: string, params: unknown[] = []) => {
    if (!/audit_event/.test(query)) return raw(query, params);
    const guard = AUDIT_GUARD_SQL[TEST_DB];
    for (const statement of guard.drop) await raw(statement);
    try {
      return await raw(query, params);
    } finally {
      for (const statement of guard.create) await raw(statement);
    }
  };
  const history = async (id: string) =>
    (await t.http().get(`/api/achievements/${id}/history`).set(w.office.auth).expect(200))
      .body as AuditRow[];
  const verify = async (who: Login = w.office) =>
    (await t.http().get('/api/audit/verify').set(who.auth).expect(200)).body;
  /** Every item, with its version (= the last seq of its audit chain), sorted by id as verify walks. */
  const allItems = async () =>
    (
      (await t.http().get('/api/achievements?limit=100').set(w.office.auth).expect(200)).body
        .items as { id: string; version: number; state: string; period: string | null }[]
    ).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  /** What verify lists (every broken row, the first of them also as firstBroken). */
  const brokenRows = (result: { ok: boolean; broken: unknown[]; firstBroken?: unknown }) => {
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual(result.broken[0]);
    return result.broken;
  };
  const auditRowCount = async () =>
    Number(((await sql('select count(*) as n from audit_event')) as { n: unknown }[])[0].n);
  describe('concurrent events', () => {
    it('of two events on the same version, exactly one wins and the other gets 409', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      const [recommend, decline] = await Promise.all([
        item.send(w.recommender, 'RECOMMEND', { expectedVersion: 2 }),
        item.send(w.recommender, 'DECLINE', { expectedVersion: 2, comment: '不予推荐' }),
      ]);
      expect([recommend.status, decline.status].sort()).toEqual([200, 409]);
      const [winner, loser] =
        recommend.status === 200 ? [recommend, decline] : [decline, recommend];
      expect(loser.body).toMatchObject({ statusCode: 409 });
      expect(loser.body.message).toMatch(
        STALE_BY_SELF(recommend.status === 200 ? '择优推荐' : '不予推荐'),
      );
      expect(winner.body.version).toBe(3);

      const seen = await item.get();
      expect(seen).toMatchObject({ state: winner.body.state, version: 3 });
      const rows = await history(item.id);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(rows[2].eventType).toBe(recommend.status === 200 ? 'RECOMMEND' : 'DECLINE');
    });

    it('of two different users acting on the same version, exactly one wins', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      const results = await Promise.all([
        item.send(w.submitter, 'WITHDRAW', { expectedVersion: 2, comment: '暂不申报' }),
        item.send(w.recommender, 'RECOMMEND', { expectedVersion: 2 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expect(await item.get()).toMatchObject({ state: winner.body.state, version: 3 });
      expect(await history(item.id)).toHaveLength(3);
    });

    it('of 20 events on the same version, exactly one is accepted and writes one audit row', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const rowsBeforeRace = await auditRowCount();
      const attempts = Array.from({ length: 20 }, (_, i) => {
        const kind = i % 4;
        if (kind === 0) return item.send(w.office, 'PASS_ELIGIBILITY', { expectedVersion: 4 });
        if (kind === 1)
          return item.send(w.office, 'REJECT', { expectedVersion: 4, comment: `驳回${i}` });
        if (kind === 2)
          return item.send(w.office, 'RAISE_DISPUTE', { expectedVersion: 4, comment: `争议${i}` });
        return item.send(w.submitter, 'WITHDRAW', { expectedVersion: 4, comment: `撤回${i}` });
      });
      const results = await Promise.all(attempts);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);

      const winner = results.find((r) => r.status === 200)!;
      expect(await item.get()).toMatchObject({ state: winner.body.state, version: 5 });
      const rows = await history(item.id);
      const won = {
        PASS_ELIGIBILITY: '形式审查通过',
        REJECT: '形式审查不通过',
        RAISE_DISPUTE: '登记争议',
        WITHDRAW: '撤回',
      }[rows[4].eventType]!;
      const byOffice = rows[4].actorRole === 'officeStaff';
      results.forEach((r, i) => {
        if (r.status !== 409) return;
        const loserIsOffice = i % 4 !== 3;
        expect(r.body.message).toMatch(
          loserIsOffice === byOffice
            ? STALE_BY_SELF(won)
            : STALE_BY(byOffice ? 'office' : 'submitter', won),
        );
      });
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(await auditRowCount()).toBe(rowsBeforeRace + 1);
      expect((await verify()).ok).toBe(true);
    });

    it('of 20 identical events sent without expectedVersion, exactly one is accepted', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toSubmitted();
      const rowsBeforeRace = await auditRowCount();
      const results = await Promise.all(
        Array.from({ length: 20 }, () => item.send(w.office, 'BATCH_CLOSE')),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(19);
      expect(await item.get()).toMatchObject({ state: 'eligibilityCheck', version: 4 });
      expect((await history(item.id)).filter((r) => r.eventType === 'BATCH_CLOSE')).toHaveLength(1);
      expect(await auditRowCount()).toBe(rowsBeforeRace + 1);
    });

    it('takes concurrent score sheets of different experts without expectedVersion, losing none', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toScoring();
      const values = [95, 85, 84, 83, 40];
      const results = await Promise.all(
        w.experts.map((expert, i) =>
          item.send(expert, 'SUBMIT_SCORE', { data: { scores: scoreSheet(values[i]) } }),
        ),
      );
      expect(results.map((r) => [r.status, r.body.message])).toEqual(
        values.map(() => [200, undefined]),
      );
      expect(results.map((r) => r.body.version as number).sort((a, b) => a - b)).toEqual([
        6, 7, 8, 9, 10,
      ]);
      // Exactly one of them, the one that completed the quorum, moved the item on.
      expect(results.filter((r) => r.body.state === 'onSiteVerification')).toHaveLength(1);

      const seen = await item.get();
      expect(seen).toMatchObject({
        state: 'onSiteVerification',
        version: 10,
        scoring: { submitted: 5, aggregate: 84 },
      });
      expect(seen.scoring.scores.map((s: { expertId: string }) => s.expertId).sort()).toEqual(
        w.experts.map((e) => e.id).sort(),
      );
      const scoreRows = (await history(item.id)).filter((r) => r.eventType === 'SUBMIT_SCORE');
      expect(scoreRows.map((r) => r.seq)).toEqual([6, 7, 8, 9, 10]);
      expect(scoreRows.map((r) => r.actorId).sort()).toEqual(w.experts.map((e) => e.id).sort());
      expect(scoreRows[4].toState).toBe('onSiteVerification');
      expect((await verify()).ok).toBe(true);
    });
  });

  describe('GET /api/audit/verify', () => {
    let target: ItemDriver;
    let rows: AuditRow[];

    beforeAll(async () => {
      target = await ItemDriver.create(t, w);
      await target.toScoring();
      await target.score([90, 88, 85, 80, 92]);
      rows = await history(target.id);
      expect(rows).toHaveLength(10);
    });

    it('answers {ok: true, checked: N} with N every audit row there is', async () => {
      const items = await allItems();
      const total = items.reduce((n, i) => n + i.version, 0);
      expect(await auditRowCount()).toBe(total);
      const instances = Number(
        ((await sql('select count(*) as n from workflow_instance')) as { n: unknown }[])[0].n,
      );
      // Every instance is replayed through its machine (items and the month's collection period).
      // The security log is verified with the trail and counted apart: one entry per sign-in here.
      const security = Number(
        ((await sql('select count(*) as n from security_event')) as { n: unknown }[])[0].n,
      );
      const whole = {
        ok: true,
        checked: total,
        stores: [{ name: 'security', checked: security }],
        broken: [],
        replayed: instances,
        checkpoint: null,
      };
      expect(await verify()).toEqual(whole);
      expect(await verify(w.auditAdmin)).toEqual(whole);
    });

    it('catches a comment edited in the database and names the row; restoring it heals the chain', async () => {
      const row = rows[2]; // RECOMMEND
      await sql('update audit_event set comment = ? where instance_id = ? and seq = ?', [
        '推荐理由已被改写',
        target.id,
        row.seq,
      ]);
      expect(brokenRows(await verify())).toContainEqual({
        instanceId: target.id,
        seq: 3,
        auditId: row.id,
        reason: TAMPERED,
      });
      await sql('update audit_event set comment = null where instance_id = ? and seq = ?', [
        target.id,
        row.seq,
      ]);
      expect((await verify()).ok).toBe(true);
    });

    it('catches an edited to_state', async () => {
      const row = rows[4]; // PASS_ELIGIBILITY: eligibilityCheck → expertScoring
      await sql('update audit_event set to_state = ? where instance_id = ? and seq = ?', [
        'published',
        target.id,
        row.seq,
      ]);
      expect(brokenRows(await verify())).toContainEqual({
        instanceId: target.id,
        seq: 5,
        auditId: row.id,
        reason: TAMPERED,
      });
      await sql('update audit_event set to_state = ? where instance_id = ? and seq = ?', [
        'expertScoring',
        target.id,
        row.seq,
      ]);
      expect((await verify()).ok).toBe(true);
    });

    it('catches an expert’s score changed in the payload', async () => {
      const row = rows[9]; // the fifth SUBMIT_SCORE
      expect(row.payload).toEqual({ scores: scoreSheet(92) });
      const forged = JSON.stringify({ scores: scoreSheet(40) });
      await sql(
        `update audit_event set payload = ${TEST_DB === 'postgres' ? '?::jsonb' : '?'} where instance_id = ? and seq = ?`,
        [forged, target.id, row.seq],
      );
      expect((await history(target.id))[9].payload).toEqual({ scores: scoreSheet(40) });
      expect(brokenRows(await verify())).toContainEqual({
        instanceId: target.id,
        seq: 10,
        auditId: row.id,
        reason: TAMPERED,
      });
      await sql(
        `update audit_event set payload = ${TEST_DB === 'postgres' ? '?::jsonb' : '?'} where instance_id = ? and seq = ?`,
        [JSON.stringify(row.payload), target.id, row.seq],
      );
      expect((await verify()).ok).toBe(true);
    });

    it('catches an edit whose forger recomputed that row’s hash with the public algorithm, at that row and the next', async () => {
      const row = rows[3]; // BATCH_CLOSE
      const hashAs = (actorId: string) =>
        auditHash({
          instanceId: row.instanceId,
          seq: row.seq,
          eventType: row.eventType,
          fromState: row.fromState,
          toState: row.toState,
          actorId,
          actorRole: row.actorRole,
          at: row.at,
          comment: row.comment,
          payload: row.payload,
          prevHash: row.prevHash,
        });
      // The public recipe (unkeyed SHA-256) no longer reproduces the genuine hash: it is an HMAC
      // under a key outside the database.
      expect(hashAs(row.actorId)).not.toBe(row.hash);
      const forgedHash = hashAs(w.recommender.id);
      await sql('update audit_event set actor_id = ?, hash = ? where instance_id = ? and seq = ?', [
        w.recommender.id,
        forgedHash,
        target.id,
        row.seq,
      ]);
      const broken = brokenRows(await verify());
      expect(broken).toContainEqual({
        instanceId: target.id,
        seq: 4,
        auditId: row.id,
        reason: TAMPERED,
      });
      expect(broken).toContainEqual({
        instanceId: target.id,
        seq: 5,
        auditId: rows[4].id,
        reason: '前一条记录的哈希不匹配',
      });
      await sql('update audit_event set actor_id = ?, hash = ? where instance_id = ? and seq = ?', [
        row.actorId,
        row.hash,
        target.id,
        row.seq,
      ]);
      expect((await verify()).ok).toBe(true);
    });

    it('catches a workflow version moved without its audit row', async () => {
      await sql('update workflow_instance set version = version + 1 where id = ?', [target.id]);
      const result = await verify();
      // verify reads every row to the end, whatever it finds on the way.
      expect(result.checked).toBe(await auditRowCount());
      expect(brokenRows(result)).toEqual([
        {
          instanceId: target.id,
          seq: 10,
          auditId: null,
          reason: '实例版本 11 与审计链末条序号 10 不一致',
        },
      ]);
      await sql('update workflow_instance set version = version - 1 where id = ?', [target.id]);
      expect((await verify()).ok).toBe(true);
    });
  });

  describe('GET /api/audit', () => {
    let item: ItemDriver;
    const DAY2 = new Date('2026-11-06T01:00:00Z');
    const DAY3 = new Date('2026-11-07T01:00:00Z');

    beforeAll(async () => {
      t.clock.set(START);
      item = await ItemDriver.create(t, w);
      t.clock.set(DAY2);
      await item.ok(w.submitter, 'SUBMIT');
      await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '补充材料' });
      t.clock.set(DAY3);
      await item.ok(w.submitter, 'RESUBMIT');
      await item.ok(w.recommender, 'RECOMMEND');
      t.clock.set(START);
    });

    const search = async (query: string, who: Login = w.office) =>
      (await t.http().get(`/api/audit?limit=500&${query}`).set(who.auth).expect(200)).body as {
        items: AuditRow[];
        nextCursor: string | null;
      };
    /** Every audit row, read item by item through the history endpoint. */
    const everyRow = async () => {
      const out: AuditRow[] = [];
      for (const i of await allItems()) out.push(...(await history(i.id)));
      return out.sort((a, b) => Number(a.id) - Number(b.id));
    };

    it('filters by actor', async () => {
      const res = await search(`actor=${w.recommender.id}`);
      const expected = (await everyRow()).filter((r) => r.actorId === w.recommender.id);
      expect(expected.length).toBeGreaterThan(2);
      expect(res.items.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      expect(res.nextCursor).toBeNull();
    });

    it('filters by event', async () => {
      const res = await search('event=RETURN_FOR_AMENDMENT');
      const expected = (await everyRow()).filter((r) => r.eventType === 'RETURN_FOR_AMENDMENT');
      expect(res.items.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      expect(res.items.some((r) => r.instanceId === item.id && r.comment === '补充材料')).toBe(
        true,
      );
      expect((await search('event=NO_SUCH_EVENT')).items).toEqual([]);
    });

    it('filters by time, with both bounds inclusive and offsets honoured', async () => {
      const day2 = await search('from=2026-11-06T00:00:00Z&to=2026-11-06T23:59:59.999Z');
      expect(day2.items.map((r) => [r.instanceId, r.eventType, r.at])).toEqual([
        [item.id, 'SUBMIT', DAY2.toISOString()],
        [item.id, 'RETURN_FOR_AMENDMENT', DAY2.toISOString()],
      ]);
      const exact = await search(`from=${DAY3.toISOString()}&to=${DAY3.toISOString()}`);
      expect(exact.items.map((r) => r.eventType)).toEqual(['RESUBMIT', 'RECOMMEND']);
      // 09:00 in Shanghai is 01:00 UTC.
      const shanghai = await search(
        `from=${encodeURIComponent('2026-11-07T09:00:00+08:00')}&to=${encodeURIComponent('2026-11-07T23:59:59+08:00')}`,
      );
      expect(shanghai.items.map((r) => r.eventType)).toEqual(['RESUBMIT', 'RECOMMEND']);
      const after = await search(`from=${new Date(DAY3.getTime() + 1).toISOString()}`);
      expect(after.items).toEqual([]);
      const before = await search(`to=${new Date(DAY2.getTime() - 1).toISOString()}`);
      expect(before.items.every((r) => new Date(r.at) < DAY2)).toBe(true);
      expect(before.items.length).toBe((await everyRow()).length - 4);
    });

    it('combines filters', async () => {
      const res = await search(
        `actor=${w.recommender.id}&event=RECOMMEND&from=2026-11-07T00:00:00Z`,
      );
      expect(res.items).toHaveLength(1);
      expect(res.items[0]).toMatchObject({
        instanceId: item.id,
        eventType: 'RECOMMEND',
        actorRole: 'recommender',
        fromState: 'recommendation',
        toState: 'submitted',
        payload: { period: '2026-11' },
      });
    });

    it('pages with a cursor, oldest first, without gaps or repeats', async () => {
      const all = await everyRow();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: AuditRow[]; nextCursor: string | null } = (
          await t
            .http()
            .get(`/api/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
            .set(w.office.auth)
            .expect(200)
        ).body;
        expect(page.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(seen).toEqual(all.map((r) => r.id));
      expect(pages).toBe(Math.ceil(all.length / 7));
    });
  });

  describe('collection close', () => {
    afterEach(() => t.clock.set(START));

    it('closes every submitted item of the period once; a second close closes nothing', async () => {
      t.clock.set(START);
      const mine = [await ItemDriver.create(t, w), await ItemDriver.create(t, w)];
      for (const item of mine) await item.toSubmitted();
      const waiting = (await allItems()).filter(
        (i) => i.state === 'submitted' && i.period === '2026-11',
      );
      for (const item of mine) expect(waiting.map((i) => i.id)).toContain(item.id);

      const first = await t
        .http()
        .post('/api/collection/periods/2026-11/close')
        .set(w.office.auth)
        .expect(200);
      expect(first.body).toEqual({ period: '2026-11', closed: waiting.length, skipped: 0 });
      for (const i of waiting) {
        const rows = await history(i.id);
        expect(rows[rows.length - 1]).toMatchObject({
          eventType: 'BATCH_CLOSE',
          fromState: 'submitted',
          toState: 'eligibilityCheck',
          actorId: w.office.id,
          actorRole: 'officeStaff',
        });
      }

      const before = await allItems();
      const rowCount = await auditRowCount();
      const second = await t
        .http()
        .post('/api/collection/periods/2026-11/close')
        .set(w.office.auth)
        .expect(200);
      expect(second.body).toEqual({ period: '2026-11', closed: 0, skipped: 0 });
      expect(await allItems()).toEqual(before);
      expect(await auditRowCount()).toBe(rowCount);
    });

    it('closes each item once when two closes race', async () => {
      const items = [];
      for (let i = 0; i < 3; i++) {
        const item = await ItemDriver.create(t, w);
        await item.toSubmitted();
        items.push(item);
      }
      const [a, b] = await Promise.all([
        t.http().post('/api/collection/periods/2026-11/close').set(w.office.auth),
        t.http().post('/api/collection/periods/2026-11/close').set(w.office.auth),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.closed + b.body.closed).toBe(3);
      for (const item of items) {
        expect(await item.get()).toMatchObject({ state: 'eligibilityCheck', version: 4 });
        expect((await history(item.id)).filter((r) => r.eventType === 'BATCH_CLOSE')).toHaveLength(
          1,
        );
      }
      expect((await verify()).ok).toBe(true);
    });

    it('puts an item recommended after the 10th into the next period', async () => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      t.clock.set(new Date('2026-11-12T02:00:00Z'));
      await item.ok(w.recommender, 'RECOMMEND');
      expect((await item.get()).period).toBe('2026-12');
      const rows = await history(item.id);
      expect(rows[2]).toMatchObject({ eventType: 'RECOMMEND', payload: { period: '2026-12' } });

      const november = await t
        .http()
        .post('/api/collection/periods/2026-11/close')
        .set(w.office.auth)
        .expect(200);
      expect(november.body).toEqual({ period: '2026-11', closed: 0, skipped: 0 });
      expect(await item.get()).toMatchObject({ state: 'submitted', version: 3 });

      const december = await t
        .http()
        .post('/api/collection/periods/2026-12/close')
        .set(w.office.auth)
        .expect(200);
      expect(december.body).toEqual({ period: '2026-12', closed: 1, skipped: 0 });
      expect(await item.get()).toMatchObject({ state: 'eligibilityCheck', version: 4 });
    });

    it.each([
      ['2026-11-10T15:59:59.999Z', '2026-11'], // 23:59:59.999 on the 10th in Shanghai
      ['2026-11-10T16:00:00.000Z', '2026-12'], // 00:00 on the 11th in Shanghai
      ['2026-11-30T17:00:00.000Z', '2026-12'], // 01:00 on 1 December in Shanghai
      ['2026-12-11T00:00:00.000Z', '2027-01'], // after December's close: next year
    ])('an item recommended at %s joins %s', async (at, period) => {
      const item = await ItemDriver.create(t, w);
      await item.ok(w.submitter, 'SUBMIT');
      t.clock.set(new Date(at));
      await item.ok(w.recommender, 'RECOMMEND');
      expect((await item.get()).period).toBe(period);
    });
  });

  describe('the database itself', () => {
    it('refuses to update or delete audit rows', async () => {
      const item = await ItemDriver.create(t, w);
      await expect(
        raw('update audit_event set comment = ? where instance_id = ?', ['改写', item.id]),
      ).rejects.toThrow(/append-only/);
      await expect(raw('delete from audit_event where instance_id = ?', [item.id])).rejects.toThrow(
        /append-only/,
      );
      expect((await history(item.id)).map((h) => h.comment)).toEqual([null]);
      expect((await verify()).ok).toBe(true);
    });
  });

  describe('after deleting an audit row', () => {
    it('verify names the row where the chain breaks', async () => {
      const item = await ItemDriver.create(t, w);
      await item.toEligibility();
      const rows = await history(item.id);
      expect((await verify()).ok).toBe(true);
      await sql('delete from audit_event where instance_id = ? and seq = ?', [item.id, 2]);
      expect(brokenRows(await verify())).toContainEqual({
        instanceId: item.id,
        seq: 3,
        auditId: rows[2].id,
        reason: '序号应为 2,实为 3',
      });
    });
  });
});
