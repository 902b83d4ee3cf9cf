import { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DB } from '../../test/support/test-app';
import { buildOrmOptions } from '../orm/mikro-orm.config';
import { createScratchPostgres } from '../database/scratch-postgres';

const MIGRATION = 'Migration20261208003725Transformation';
/** The migration before this one: down to it undoes this one and any after it. */
const PREVIOUS = 'Migration20261207222110AchievementListWalkIndex';
const TABLES = ['cooperation_request', 'partner_account', 'transfer_offer'];

describe(MIGRATION, () => {
  it('goes down and up again: its tables and the user column leave and come back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-db-'));
    const pg = TEST_DB === 'postgres' ? await createScratchPostgres() : null;
    const orm = await MikroORM.init(buildOrmOptions({ dataDir, databaseUrl: pg?.url ?? null }));
    const sql = (q: string) => (orm.em.fork() as SqlEntityManager).execute(q);
    const present = async () => {
      const found: string[] = [];
      for (const table of TABLES) {
        if (
          await sql(`select 1 from ${table} where 1 = 0`).then(
            () => true,
            () => false,
          )
        ) {
          found.push(table);
        }
      }
      const column = await sql('select approval_pending from app_user where 1 = 0').then(
        () => true,
        () => false,
      );
      return { found, column };
    };
    try {
      await orm.getMigrator().up();
      expect(await present()).toEqual({ found: TABLES, column: true });
      await orm.getMigrator().down({ to: PREVIOUS });
      expect(await present()).toEqual({ found: [], column: false });
      await orm.getMigrator().up();
      expect(await present()).toEqual({ found: TABLES, column: true });
    } finally {
      await orm.close(true);
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
