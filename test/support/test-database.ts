import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOrmOptions } from '../../src/orm/mikro-orm.config';
import { createScratchPostgres } from '../../src/database/scratch-postgres';
import { TEST_DB } from './test-app';

/** A migrated ORM on a brand-new database of the kind TEST_DB names, and a way to throw it away. */
export async function createTestOrm(): Promise<{
  orm: MikroORM;
  /** Where the SQLite file lives (unused on PostgreSQL). */
  dataDir: string;
  close: () => Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-db-'));
  const pg = TEST_DB === 'postgres' ? await createScratchPostgres() : null;
  const orm = await MikroORM.init(buildOrmOptions({ dataDir, databaseUrl: pg?.url ?? null }));
  await orm.getMigrator().up();
  return {
    orm,
    dataDir,
    close: async () => {
      await orm.close(true);
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
