import type { MikroORM } from '@mikro-orm/core';
import { testKeyring } from '../../test/support/audit-keys';
import { createTestOrm } from '../../test/support/test-database';
import { ManualClock } from '../common/clock';
import { isPostgres } from '../database/dialect';
import { Transactions } from '../database/tx';
import { SecurityEvent } from './security-event.entity';
import { SecurityLogRepository } from './security-log.repository';
import { SecurityLogService } from './security-log.service';

describe('Security log on a real database', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  const clock = new ManualClock(new Date('2026-12-07T02:00:00Z'));
  const keyring = testKeyring();
  const logService = () =>
    new SecurityLogService(
      new SecurityLogRepository(orm.em),
      new Transactions(orm.em),
      clock,
      keyring,
    );

  beforeAll(async () => {
    ({ orm, close } = await createTestOrm());
  });
  afterAll(() => close());

  it('chains entries one after the other, including entries written at once by two instances', async () => {
    const one = logService();
    const two = logService();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? one : two).record({
          kind: i % 3 ? 'loginFailed' : 'loginSucceeded',
          username: `user${i}`,
          clientIp: '10.0.0.1',
          detail: { attempt: i },
        }),
      ),
    );
    const rows = await orm.em.fork().find(SecurityEvent, {}, { orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(rows[0].prevHash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    await expect(one.verify()).resolves.toEqual({ ok: true, checked: 12 });
  });

  it('refuses updates and deletes in the database itself', async () => {
    const em = orm.em.fork();
    const conn = em.getConnection();
    await expect(
      conn.execute("update security_event set username = 'x' where seq = 1"),
    ).rejects.toThrow(/append-only/);
    await expect(conn.execute('delete from security_event where seq = 1')).rejects.toThrow(
      /append-only/,
    );
  });

  it('names every entry that was changed once the guard is dropped', async () => {
    const conn = orm.em.fork().getConnection();
    const postgres = isPostgres(conn);
    const drop = postgres
      ? ['drop trigger security_event_append_only on security_event']
      : ['drop trigger security_event_no_update', 'drop trigger security_event_no_delete'];
    for (const sql of drop) await conn.execute(sql);
    await conn.execute("update security_event set username = 'forged' where seq in (3, 7)");
    const result = await logService().verify();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.broken.filter((b) => b.reason === '内容与哈希不符').map((b) => b.seq)).toEqual([
      3, 7,
    ]);
  });
});
