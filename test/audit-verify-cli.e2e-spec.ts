import { AUDIT_GUARD_SQL } from '../migrations/audit-guard.sql';
import { runRotateKey } from '../scripts/audit-rotate-key';
import { AuditKeyring } from '../src/workflow/audit-keyring';
import { runAuditVerify } from '../scripts/audit-verify';
import { TEST_DB, createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, type World } from './support/world';

interface Row {
  id: string;
  seq: number;
}

/**
 * `npm run audit:verify` against the database the server uses, after an attacker with database
 * access (who first drops the append-only triggers) edits, reorders and deletes audit rows: the
 * command exits non-zero and names the first bad row each time, and 0 once the trail is whole.
 */
describe('audit:verify CLI (tamper evidence)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const raw = (query: string, params: unknown[] = []) =>
    t.orm.em.getConnection().execute(query, params);
  const asAttacker = async (statements: [string, unknown[]][]) => {
    for (const statement of AUDIT_GUARD_SQL[TEST_DB].drop) await raw(statement);
    try {
      for (const [query, params] of statements) await raw(query, params);
    } finally {
      for (const statement of AUDIT_GUARD_SQL[TEST_DB].create) await raw(statement);
    }
  };
  const cli = async () => {
    const lines: string[] = [];
    const code = await runAuditVerify(
      { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl ?? '' },
      (line) => lines.push(line),
    );
    return { code, text: lines.join('\n') };
  };
  const rowsOf = async (id: string) =>
    (
      (await raw('select id, seq from audit_event where instance_id = ? order by seq', [
        id,
      ])) as Row[]
    ).map((r) => ({ id: String(r.id), seq: Number(r.seq) }));
  async function itemWithHistory(): Promise<{ id: string; rows: Row[] }> {
    const item = await ItemDriver.create(t, w);
    await item.toEligibility();
    return { id: item.id, rows: await rowsOf(item.id) };
  }
  function expectBroken(
    result: { code: number; text: string },
    id: string,
    seq: number,
    auditId: string | null,
  ) {
    expect(result.code).toBe(1);
    expect(result.text).toMatch(/^审计链已损坏:共 \d+ 处异常/);
    expect(result.text).toContain(`- 事项 ${id} 第 ${seq} 条`);
    const lines = result.text.split('\n');
    const json = JSON.parse(lines[lines.length - 1]) as {
      firstBroken: { instanceId: string; seq: number; auditId: string | null };
    };
    expect(json.firstBroken).toMatchObject({ instanceId: id, seq, auditId });
  }

  it('exits 0 and counts the rows when every chain holds', async () => {
    await itemWithHistory();
    const result = await cli();
    expect(result.code).toBe(0);
    const count = Number(
      ((await raw('select count(*) as n from audit_event')) as { n: unknown }[])[0].n,
    );
    expect(result.text).toMatch(
      new RegExp(`^审计链完整:已核验 ${count} 条记录,已重放 \\d+ 个流程实例;尚无检查点可比对$`),
    );
  });

  it('names an edited row, and passes again once it is put back', async () => {
    const { id, rows } = await itemWithHistory();
    const [{ comment }] = (await raw('select comment from audit_event where id = ?', [
      rows[2].id,
    ])) as {
      comment: string | null;
    }[];
    await asAttacker([
      ['update audit_event set comment = ? where id = ?', ['改过的意见', rows[2].id]],
    ]);
    expectBroken(await cli(), id, 3, rows[2].id);
    await asAttacker([['update audit_event set comment = ? where id = ?', [comment, rows[2].id]]]);
    expect((await cli()).code).toBe(0);
  });

  it('names the first of two swapped rows, and passes again once they are swapped back', async () => {
    const { id, rows } = await itemWithHistory();
    const swap = (a: Row, b: Row): [string, unknown[]][] => [
      ['update audit_event set seq = ? where id = ?', [-1, a.id]],
      ['update audit_event set seq = ? where id = ?', [a.seq, b.id]],
      ['update audit_event set seq = ? where id = ?', [b.seq, a.id]],
    ];
    await asAttacker(swap(rows[1], rows[2]));
    // Seq 2 is now the old third row: its hash covered seq 3.
    expectBroken(await cli(), id, 2, rows[2].id);
    await asAttacker([
      ['update audit_event set seq = ? where id = ?', [-1, rows[1].id]],
      ['update audit_event set seq = ? where id = ?', [rows[2].seq, rows[2].id]],
      ['update audit_event set seq = ? where id = ?', [rows[1].seq, rows[1].id]],
    ]);
    expect((await cli()).code).toBe(0);
  });

  it('rotates the key with npm run audit:rotate-key; old and new rows verify', async () => {
    const printed: string[] = [];
    expect(runRotateKey({ DATA_DIR: t.config.dataDir }, (l) => printed.push(l))).toBe(0);
    expect(printed.join('')).toMatch(/^已生成新的审计密钥 k\d+-[0-9a-f]+;/);
    t.app.get(AuditKeyring).find('none'); // the server looks at the key directory again
    const { id } = await itemWithHistory();
    const keys = (await raw('select distinct key_id from audit_event where instance_id = ?', [
      id,
    ])) as { key_id: string }[];
    expect(keys.map((k) => k.key_id)).toEqual([expect.stringMatching(/^k2-/)]);
    expect((await cli()).code).toBe(0);
    const refused: string[] = [];
    expect(
      runRotateKey({ DATA_DIR: t.config.dataDir, AUDIT_KEYS: `k1:${'ab'.repeat(32)}` }, (l) =>
        refused.push(l),
      ),
    ).toBe(2);
    expect(refused.join('')).toContain('AUDIT_KEYS');
  });

  it('names the row after a deleted one', async () => {
    const { id, rows } = await itemWithHistory();
    await asAttacker([['delete from audit_event where id = ?', [rows[1].id]]]);
    expectBroken(await cli(), id, 3, rows[2].id);
  });

  it('exits 2 when it cannot reach the database', async () => {
    const lines: string[] = [];
    const code = await runAuditVerify(
      { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: t.config.dataDir },
      (line) => lines.push(line),
    );
    expect(code).toBe(2);
    expect(lines.join('\n')).toContain('无法核验审计链');
    const missing: string[] = [];
    expect(
      await runAuditVerify({ DATA_DIR: `${t.config.dataDir}/nowhere` }, (l) => missing.push(l)),
    ).toBe(2);
    expect(missing.join('\n')).toContain('数据库文件不存在');
  });
});
