import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_DB } from '../../test/support/test-app';
import { createTestOrm } from '../../test/support/test-database';
import { User } from '../users/user.entity';

describe('storage', () => {
  it('enforces foreign keys (and keeps SQLite in WAL mode, in the data directory)', async () => {
    const { orm, dataDir, close } = await createTestOrm();
    try {
      const connection = orm.em.getConnection();
      if (TEST_DB === 'sqlite') {
        expect(existsSync(join(dataDir, 'chengguo.sqlite'))).toBe(true);
        const [mode] = await connection.execute<{ journal_mode: string }[]>('pragma journal_mode');
        expect(mode.journal_mode).toBe('wal');
        const [keys] = await connection.execute<{ foreign_keys: number }[]>('pragma foreign_keys');
        expect(keys.foreign_keys).toBe(1);
      }
      // A user of an organisation that does not exist is refused by the database itself.
      await expect(
        orm.em.fork().insert(User, {
          id: randomUUID(),
          username: 'orphan',
          passwordHash: 'x',
          displayName: '无单位用户',
          organization: randomUUID(),
          roles: ['submitter'],
          active: true,
          email: null,
          failedLogins: 0,
          failedLoginsSince: null,
          lockedUntil: null,
          createdAt: new Date(),
        }),
      ).rejects.toBeInstanceOf(ForeignKeyConstraintViolationException);
      expect(await orm.em.fork().count(User, { username: 'orphan' })).toBe(0);
    } finally {
      await close();
    }
  });
});
