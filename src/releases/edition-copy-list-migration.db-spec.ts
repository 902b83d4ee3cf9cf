import { MikroORM } from '@mikro-orm/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DB } from '../../test/support/test-app';
import { buildOrmOptions } from '../orm/mikro-orm.config';
import { createScratchPostgres } from '../database/scratch-postgres';

/** The edition's 抄送 column comes and goes with its migration, on SQLite and PostgreSQL alike. */
describe('Migration20261208010000EditionCopyList', () => {
  it('adds copy_list and its down() drops it again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-db-'));
    const pg = TEST_DB === 'postgres' ? await createScratchPostgres() : null;
    const orm = await MikroORM.init(buildOrmOptions({ dataDir, databaseUrl: pg?.url ?? null }));
    const columns = async (): Promise<string[]> => {
      const conn = orm.em.getConnection();
      const rows =
        TEST_DB === 'postgres'
          ? await conn.execute<{ name: string }[]>(
              "select column_name as name from information_schema.columns where table_name = 'release_edition'",
            )
          : await conn.execute<{ name: string }[]>('pragma table_info(`release_edition`)');
      return rows.map((r: { name: string }) => r.name);
    };
    try {
      await orm.getMigrator().up({ to: 'Migration20261208010000EditionCopyList' });
      expect(await columns()).toContain('copy_list');
      await orm.getMigrator().down({ to: 'Migration20261207222110AchievementListWalkIndex' });
      expect(await columns()).not.toContain('copy_list');
      expect(await columns()).toContain('distribution_list');
      await orm.getMigrator().up();
      expect(await columns()).toContain('copy_list');
    } finally {
      await orm.close(true);
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
